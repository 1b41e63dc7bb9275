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
    String voiding = " FROM " + refsTable + " WHERE tenant = " + quotedTenant + " AND voiding = 1";
    return "SELECT target_id" + voiding + " AND target_id NOT IN (SELECT statement_id" + voiding + ")";
  }
}
