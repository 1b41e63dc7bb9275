package org.learnstream.jobs.testing;

import com.clickhouse.client.api.Client;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;

/**
 * Every table of a ClickHouse database as sorted text lines, built from the columns the server reports, so a table
 * added by a later migration is compared without anyone listing it. Replacing tables are read with FINAL;
 * aggregate states through the -Merge of their function (means rounded to 9 decimals: avg sums doubles in insert
 * order, which differs between runs, far below that).
 */
public final class TableContents {

  private static final Pattern AGGREGATE = Pattern.compile("AggregateFunction\\((\\w+)\\s*,.*");

  private TableContents() {}

  /** Table name -> its rows, for every table of {@code database} (views left out: their rows are in their targets). */
  public static Map<String, List<String>> of(Client client, String database) {
    Map<String, List<String>> contents = new LinkedHashMap<>();
    for (Map<String, Object> t : ClickHouseQueries.rows(client, "SELECT name, engine FROM system.tables WHERE database = "
        + ClickHouseQueries.quote(database) + " AND engine != 'MaterializedView' ORDER BY name FORMAT JSONEachRow")) {
      String table = (String) t.get("name");
      contents.put(table, rows(client, database, table, (String) t.get("engine")));
    }
    return contents;
  }

  /** The rows of one table, sorted. */
  public static List<String> rows(Client client, String database, String table, String engine) {
    List<String> keys = new ArrayList<>();
    List<String> merged = new ArrayList<>();
    for (Map<String, Object> c : ClickHouseQueries.rows(client, "SELECT name, type FROM system.columns WHERE database = "
        + ClickHouseQueries.quote(database) + " AND table = " + ClickHouseQueries.quote(table) + " FORMAT JSONEachRow")) {
      String column = "`" + c.get("name") + "`";
      Matcher aggregate = AGGREGATE.matcher((String) c.get("type"));
      if (!aggregate.matches()) {
        keys.add(column);
      } else if (aggregate.group(1).equals("avg")) {
        merged.add("round(avgMerge(" + column + "), 9)");
      } else {
        merged.add(aggregate.group(1) + "Merge(" + column + ")");
      }
    }
    String from = database + "." + table + (engine.startsWith("Replacing") ? " FINAL" : "");
    String sql = merged.isEmpty() ? "SELECT * FROM " + from
        : "SELECT " + String.join(", ", keys) + ", " + String.join(", ", merged) + " FROM " + from
            + " GROUP BY " + String.join(", ", keys);
    String text = ClickHouseQueries.text(client, sql + " FORMAT TabSeparated");
    return text.isEmpty() ? List.of() : Arrays.stream(text.split("\n")).sorted().toList();
  }
}
