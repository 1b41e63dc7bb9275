package org.learnstream.pipeline.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every table and column the migrations create is described in clickhouse/README.md. */
class DataModelReadmeTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  @Test
  void everyTableAndColumnIsDocumented() throws IOException {
    Map<String, String> sections = sections(readme());
    var columns = ClickHouseQueries.rows(CLICKHOUSE.client(), "SELECT table, name FROM system.columns WHERE database = "
        + ClickHouseQueries.quote(CLICKHOUSE.database()) + " AND table NOT LIKE '.inner%' AND table NOT LIKE '%\\\\_mv'"
        + " ORDER BY table, name FORMAT JSONEachRow");
    assertThat(columns).hasSizeGreaterThan(50);
    for (Map<String, Object> column : columns) {
      String table = (String) column.get("table");
      assertThat(sections).as("README section '## %s'", table).containsKey(table);
      String text = withReferencedSections(sections, table);
      assertThat(Pattern.compile("\\b" + Pattern.quote((String) column.get("name")) + "\\b").matcher(text).find())
          .as("README documents column %s.%s", table, column.get("name")).isTrue();
    }
  }

  /** A section that says "same columns as `x`" also documents the columns of section x. */
  private static String withReferencedSections(Map<String, String> sections, String table) {
    StringBuilder text = new StringBuilder(sections.get(table));
    Matcher reference = Pattern.compile("`(\\w+)`").matcher(sections.get(table));
    while (reference.find()) {
      if (!reference.group(1).equals(table) && sections.containsKey(reference.group(1))) {
        text.append(sections.get(reference.group(1)));
      }
    }
    return text.toString();
  }

  private static Map<String, String> sections(String readme) {
    Map<String, String> sections = new LinkedHashMap<>();
    for (String part : readme.split("(?m)^## ")) {
      String heading = part.lines().findFirst().orElse("").strip();
      String table = heading.split("[\\s(]")[0];
      sections.put(table, part);
    }
    return sections;
  }

  private static String readme() throws IOException {
    try (InputStream in = DataModelReadmeTest.class.getClassLoader().getResourceAsStream("clickhouse/README.md")) {
      assertThat(in).as("clickhouse/README.md on the classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
