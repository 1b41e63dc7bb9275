package org.learnstream.pipeline.clickhouse;

import java.util.List;
import java.util.Map;

/** What a server holds, read from its system tables, and row counts. */
final class ClickHouseCatalog {

  private ClickHouseCatalog() {
  }

  /** The tables of a database that hold rows (views left out), in name order; none when it does not exist. */
  static List<String> tables(SchoolDatabase.Sql sql, String database) {
    return sql.rows("SELECT name FROM system.tables WHERE database = " + ClickHouseQueries.quote(database)
        + " AND engine NOT IN ('View', 'MaterializedView') AND NOT startsWith(name, '.') ORDER BY name").stream()
        .map(row -> (String) row.get("name")).toList();
  }

  /** Databases whose name starts with {@code prefix}, in name order. */
  static List<String> databasesStartingWith(SchoolDatabase.Sql sql, String prefix) {
    return sql.rows("SELECT name FROM system.databases WHERE startsWith(name, " + ClickHouseQueries.quote(prefix)
        + ") ORDER BY name").stream().map(row -> (String) row.get("name")).toList();
  }

  static long count(SchoolDatabase.Sql sql, String qualifiedTable, String condition) {
    return number(sql.rows("SELECT count() AS n FROM " + qualifiedTable + " WHERE " + condition).get(0).get("n"));
  }

  /** A value of a JSONEachRow row: 64-bit integers arrive quoted. */
  static long number(Object value) {
    return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value));
  }

  /** Values of the query's only column. */
  static List<String> strings(SchoolDatabase.Sql sql, String query) {
    return sql.rows(query).stream().map(row -> String.valueOf(row.values().iterator().next())).toList();
  }

  static Map<String, Object> one(SchoolDatabase.Sql sql, String query) {
    return sql.rows(query).get(0);
  }
}
