package org.learnstream.jobs.ingest;

import org.learnstream.pipeline.clickhouse.ClickHouseQueries;

/**
 * The conditions every page of a query puts on (stored_ms, statement_id), whichever statement table it reads:
 * {@code since}, {@code until}, the cursor of a {@code more} link, and no statement a voiding statement voids.
 */
final class StatementConditions {

  private StatementConditions() {
  }

  /** Conditions to append to a WHERE, each starting with AND. */
  static String of(String quotedTenant, StatementQuery q, String cursor, String refsTable) {
    StringBuilder where = new StringBuilder();
    if (q.sinceMillis() != null) {
      where.append(" AND stored_ms > ").append(q.sinceMillis());
    }
    if (q.untilMillis() != null) {
      where.append(" AND stored_ms <= ").append(q.untilMillis());
    }
    if (cursor != null) {
      String[] at = cursor.split("_", 2);
      String after = q.ascending() ? ">" : "<";
      where.append(" AND (stored_ms ").append(after).append(' ').append(at[0]).append(" OR (stored_ms = ")
          .append(at[0]).append(" AND statement_id ").append(after).append(' ')
          .append(ClickHouseQueries.quote(at[1])).append("))");
    }
    return where.append(" AND statement_id NOT IN (").append(voidedIds(quotedTenant, refsTable)).append(")")
        .toString();
  }

  /**
   * The ids of the tenant's statements that a voiding statement voids. A voiding statement cannot itself be voided
   * (xAPI Data 2.3.2): one that a later voiding statement targets stays as it is.
   */
  static String voidedIds(String quotedTenant, String refsTable) {
    return voidedIds(quotedTenant, refsTable, "");
  }

  /**
   * {@link #voidedIds(String, String)} among the ids of {@code idList} (an SQL list), read by the key
   * (tenant, target_id) rather than over every voiding statement of the tenant.
   */
  static String voidedIdsAmong(String quotedTenant, String refsTable, String idList) {
    return voidedIds(quotedTenant, refsTable, " IN " + idList);
  }

  private static String voidedIds(String quotedTenant, String refsTable, String among) {
    String voiding = " FROM " + refsTable + " WHERE tenant = " + quotedTenant + " AND voiding = 1";
    String targets = among.isEmpty() ? "" : " AND target_id" + among;
    String voidingStatements = among.isEmpty() ? "" : " AND statement_id" + among;
    return "SELECT target_id" + voiding + targets + " AND target_id NOT IN (SELECT statement_id" + voiding
        + voidingStatements + ")";
  }
}
