package org.learnstream.pipeline.clickhouse;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The table {@code erased_statements} (migration V096): the ids of the statements an erasure deleted, the learner's own
 * and other actors' that named them. The job drops them (the learner's by their erasure, the others' by id, named in
 * the erasure ledger), so the xAPI endpoint refuses these ids when they are sent again, also to a server that accepted
 * them before and would otherwise answer that it holds them.
 */
public final class ErasedStatements {

  public static final String TABLE = "erased_statements";

  private ErasedStatements() {
  }

  /** Records {@code statementIds} of {@code tenant} as erased by {@code erasureId}; nothing for none. */
  static void record(SchoolDatabase.Sql sql, String database, String tenant, String erasureId, long erasedAtMs,
      Collection<String> statementIds) {
    if (statementIds.isEmpty()) {
      return;
    }
    String rows = statementIds.stream().map(id -> "(" + ClickHouseQueries.quote(tenant) + ", "
        + ClickHouseQueries.quote(id) + ", " + ClickHouseQueries.quote(erasureId) + ", " + erasedAtMs + ")")
        .collect(Collectors.joining(", "));
    sql.execute("INSERT INTO " + database + "." + TABLE + " (tenant, statement_id, erasure_id, erased_at_ms) VALUES "
        + rows);
  }

  /** The query of which of {@code statementIds} (not empty) of {@code tenant} were erased: one column, statement_id. */
  public static String amongQuery(String database, String tenant, Collection<String> statementIds) {
    return amongQuery(database, tenant, statementIds, "statement_id");
  }

  /** As {@link #amongQuery(String, String, Collection)}, selecting {@code columns} (statement_id among them). */
  public static String amongQuery(String database, String tenant, Collection<String> statementIds, String columns) {
    return "SELECT DISTINCT " + columns + " FROM " + database + "." + TABLE + " WHERE tenant = "
        + ClickHouseQueries.quote(tenant) + " AND statement_id IN " + ClickHouseQueries.inList(statementIds);
  }
}
