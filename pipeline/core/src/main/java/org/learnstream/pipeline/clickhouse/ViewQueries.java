package org.learnstream.pipeline.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The queries of a database's materialized views, read back from the server, and a condition added to one: what a
 * school's feeds and an erasure's recomputed aggregates are built from, so they stay the views' own queries.
 */
final class ViewQueries {

  private static final Pattern CLAUSE_AFTER_WHERE = Pattern.compile("\\s+(GROUP BY|HAVING|ORDER BY|LIMIT)\\s",
      Pattern.CASE_INSENSITIVE);

  private ViewQueries() {
  }

  /** The query of each materialized view of {@code database}, by the table it fills. */
  static Map<String, List<String>> byTarget(SchoolDatabase.Sql sql, String database) {
    Map<String, List<String>> byTarget = new TreeMap<>();
    Pattern target = Pattern.compile("\\sTO\\s+" + Pattern.quote(database) + "\\.`?(\\w+)`?");
    for (Map<String, Object> row : sql.rows("SELECT create_table_query FROM system.tables "
        + "WHERE database = " + ClickHouseQueries.quote(database) + " AND engine = 'MaterializedView' ORDER BY name")) {
      String create = (String) row.get("create_table_query");
      Matcher to = target.matcher(create);
      int select = create.indexOf(" AS SELECT ");
      if (!to.find() || select < 0) {
        throw new IllegalStateException("Cannot tell the target and query of the view: " + create);
      }
      byTarget.computeIfAbsent(to.group(1), k -> new ArrayList<>()).add(create.substring(select + 4).strip());
    }
    return byTarget;
  }

  /**
   * The query with {@code condition} joined to its WHERE clause (or become it). A query with a join or a subquery is
   * refused: 18.16 applies a subquery's filter in a materialized view to nothing, so the condition would not hold.
   */
  static String withCondition(String query, String condition) {
    requireNoJoinOrSubquery(query);
    Matcher where = Pattern.compile("\\sWHERE\\s", Pattern.CASE_INSENSITIVE).matcher(query);
    if (where.find()) {
      Matcher after = CLAUSE_AFTER_WHERE.matcher(query);
      int end = after.find(where.end()) ? after.start() : query.length();
      return query.substring(0, where.start()) + " WHERE " + condition + " AND ("
          + query.substring(where.end(), end).strip() + ")" + query.substring(end);
    }
    Matcher after = CLAUSE_AFTER_WHERE.matcher(query);
    int end = after.find() ? after.start() : query.length();
    return query.substring(0, end) + " WHERE " + condition + query.substring(end);
  }

  static void requireNoJoinOrSubquery(String query) {
    String upper = query.toUpperCase(java.util.Locale.ROOT);
    if (upper.contains(" JOIN ") || upper.indexOf("SELECT", 1) >= 0) {
      throw new IllegalStateException("Cannot add a condition to a view query with a join or subquery: " + query);
    }
  }
}
