package org.learnstream.pipeline.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The queries that clickhouse/README.md shows data teams, so that tests run them as written. */
public final class ReadmeQueries {

  private ReadmeQueries() {
  }

  /** The ```sql blocks of one README section ({@code ## section}). */
  public static List<String> of(String section) throws IOException {
    String readme;
    try (InputStream in = ReadmeQueries.class.getResourceAsStream("/clickhouse/README.md")) {
      readme = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String text = readme.split("(?m)^## " + section + "\\b")[1].split("(?m)^## ")[0];
    List<String> queries = new ArrayList<>();
    Matcher block = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(text);
    while (block.find()) {
      queries.add(block.group(1).strip());
    }
    return queries;
  }
}
