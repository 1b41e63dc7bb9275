package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tables of a ClickHouse database as sorted text lines, for comparing two databases row for row. Queries are built
 * from the columns the server reports, so a table added by a later migration is compared without anyone listing it.
 * Replacing tables are read with FINAL; aggregate states through the -Merge of their function, means rounded to 9
 * decimals (avg sums doubles in insert order, which differs between runs, far below that).
 */
public final class TableContents {

  private static final Pattern AGGREGATE = Pattern.compile("AggregateFunction\\((\\w+)\\s*,.*");

  private TableContents() {
  }

  /** Table name -> its rows, for every table of {@code database} (views left out: their rows are in their targets). */
  public static Map<String, List<String>> of(Client client, String database) {
    Map<String, List<String>> contents = new LinkedHashMap<>();
    for (String table : tables(client, database)) {
      contents.put(table, rows(client, database, table, "", Set.of()));
    }
    return contents;
  }

  /** The names of the tables of {@code database} that hold rows (views left out), sorted. */
  public static List<String> tables(Client client, String database) {
    return ClickHouseQueries.rows(client, "SELECT name FROM system.tables WHERE database = "
        + ClickHouseQueries.quote(database) + " AND engine != 'MaterializedView' ORDER BY name FORMAT JSONEachRow")
        .stream().map(t -> (String) t.get("name")).toList();
  }

  /**
   * Every table rebuilt from the event log ({@link ProjectionTables#FROM_EVENT_LOG}), rows of one tenant only,
   * without the {@code ignored} columns (e.g. times of arrival, which differ between runs over the same input).
   */
  public static Map<String, List<String>> projections(Client client, String database, String tenant,
      Set<String> ignored) {
    Map<String, List<String>> contents = new LinkedHashMap<>();
    for (ProjectionTables.Projection p : ProjectionTables.FROM_EVENT_LOG) {
      contents.put(p.table(), rows(client, database, p.table(),
          " WHERE tenant = " + ClickHouseQueries.quote(tenant), ignored));
    }
    return contents;
  }

  /** The rows of one table that match {@code where} (empty or {@code " WHERE ..."}), sorted. */
  public static List<String> rows(Client client, String database, String table, String where, Set<String> ignored) {
    String text = ClickHouseQueries.text(client,
        query(client, database, table, where, ignored) + " FORMAT TabSeparated");
    return text.isEmpty() ? List.of() : Arrays.stream(text.split("\n")).sorted().toList();
  }

  /** The SELECT that {@link #rows} runs, built from the columns and engine the server reports, without FORMAT. */
  public static String query(Client client, String database, String table, String where, Set<String> ignored) {
    List<String> keys = new ArrayList<>();
    List<String> merged = new ArrayList<>();
    for (Map<String, Object> c : ClickHouseQueries.rows(client,
        "SELECT name, type FROM system.columns WHERE database = "
            + ClickHouseQueries.quote(database) + " AND table = " + ClickHouseQueries.quote(table)
            + " FORMAT JSONEachRow")) {
      String column = "`" + c.get("name") + "`";
      Matcher aggregate = AGGREGATE.matcher((String) c.get("type"));
      if (ignored.contains((String) c.get("name"))) {
        continue;
      } else if (!aggregate.matches()) {
        keys.add(column);
      } else if (aggregate.group(1).equals("avg")) {
        merged.add("round(avgMerge(" + column + "), 9)");
      } else {
        merged.add(aggregate.group(1) + "Merge(" + column + ")");
      }
    }
    String engine = ClickHouseQueries.text(client, "SELECT engine FROM system.tables WHERE database = "
        + ClickHouseQueries.quote(database) + " AND name = " + ClickHouseQueries.quote(table) + " FORMAT TabSeparated");
    String from = database + "." + table + (engine.startsWith("Replacing") ? " FINAL" : "") + where;
    return merged.isEmpty()
        ? "SELECT " + String.join(", ", keys) + " FROM " + from
        : "SELECT " + String.join(", ", keys) + ", " + String.join(", ", merged) + " FROM " + from
            + " GROUP BY " + String.join(", ", keys);
  }

  /** Lines in one of the two that the other lacks, over every table of either. */
  public static long differences(Map<String, List<String>> expected, Map<String, List<String>> actual) {
    return differencesByTable(expected, actual).values().stream().mapToLong(Long::longValue).sum();
  }

  /** Per table of either, the lines in one of the two that the other lacks; tables that agree are left out. */
  public static Map<String, Long> differencesByTable(Map<String, List<String>> expected,
      Map<String, List<String>> actual) {
    Set<String> tables = new TreeSet<>(expected.keySet());
    tables.addAll(actual.keySet());
    Map<String, Long> byTable = new java.util.TreeMap<>();
    for (String t : tables) {
      long lines = differences(expected.getOrDefault(t, List.of()), actual.getOrDefault(t, List.of()));
      if (lines > 0) {
        byTable.put(t, lines);
      }
    }
    return byTable;
  }

  /** Lines of {@code actual} not in {@code expected} plus lines of {@code expected} not in {@code actual}. */
  public static long differences(List<String> expected, List<String> actual) {
    Set<String> e = new HashSet<>(expected);
    Set<String> a = new HashSet<>(actual);
    return actual.stream().filter(l -> !e.contains(l)).count() + expected.stream().filter(l -> !a.contains(l)).count();
  }
}
