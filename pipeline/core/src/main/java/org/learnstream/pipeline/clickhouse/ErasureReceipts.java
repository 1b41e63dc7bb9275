package org.learnstream.pipeline.clickhouse;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The append-only table {@code erasure_receipts} (migration V075): one row per erasure, the evidence it happened. A
 * receipt names the learner by their {@link org.learnstream.pipeline.xapi.LearnerDigest}, as the erasure ledger
 * does, never by the pseudonym their rows carried nor by an identifier: the receipt outlives the erasure, and must not
 * spell what the verification scan looks for (receipts written before V097 held the pseudonym; V097 rewrote them).
 */
public final class ErasureReceipts {

  public static final String TABLE = "erasure_receipts";

  /**
   * One erasure: when it was asked for and done, who asked, rows removed per store ({@code database.table}) and what
   * the verification scan found.
   *
   * @param learner the {@link org.learnstream.pipeline.xapi.LearnerDigest} of the tenant and the erased pseudonym
   *                ({@link org.learnstream.pipeline.kafka.ErasureRequest#learner()}): whoever holds the pseudonym can
   *                find the receipt, nobody can read the pseudonym from it
   */
  public record Receipt(String receiptId, String tenant, String learner, Instant requestedAt, Instant completedAt,
      String requestedBy, Map<String, Long> rowsRemoved, LearnerScan.Result scan) {

    public boolean verified() {
      return scan.total() == 0;
    }

    public long totalRemoved() {
      return rowsRemoved.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private ErasureReceipts() {
  }

  /** Whether {@code database} holds the receipt {@code receiptId}: the erasure of that id completed. */
  static boolean exists(SchoolDatabase.Sql sql, String database, String receiptId) {
    return ClickHouseCatalog.number(ClickHouseCatalog.one(sql, "SELECT count() AS n FROM " + database + "." + TABLE
        + " WHERE receipt_id = " + ClickHouseQueries.quote(receiptId)).get("n")) > 0;
  }

  static void write(SchoolDatabase.Sql sql, String database, Receipt r) {
    String stores = r.rowsRemoved().keySet().stream().map(ClickHouseQueries::quote)
        .collect(Collectors.joining(", ", "[", "]"));
    String rows = r.rowsRemoved().values().stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    sql.execute("INSERT INTO " + database + "." + TABLE + " (receipt_id, tenant, learner, requested_at, "
        + "requested_at_ms, completed_at, completed_at_ms, requested_by, stores, rows_removed, tables_scanned, "
        + "occurrences, verified) VALUES (" + ClickHouseQueries.quote(r.receiptId()) + ", "
        + ClickHouseQueries.quote(r.tenant()) + ", " + ClickHouseQueries.quote(r.learner()) + ", "
        + r.requestedAt().getEpochSecond() + ", " + r.requestedAt().toEpochMilli() + ", "
        + r.completedAt().getEpochSecond() + ", " + r.completedAt().toEpochMilli() + ", "
        + ClickHouseQueries.quote(r.requestedBy()) + ", " + stores + ", " + rows + ", " + r.scan().tablesScanned()
        + ", " + r.scan().total() + ", " + (r.verified() ? 1 : 0) + ")");
  }
}
