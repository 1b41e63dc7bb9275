package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import java.time.Instant;

/**
 * The record of what retention removed (table {@code retention_runs}, migration V095): one row per step of a run,
 * appended as the step completes, so an interrupted run still shows what it did.
 */
public final class RetentionRuns {

  public static final String TABLE = "retention_runs";

  /** One step done: in {@code store} ({@code kafka}, {@code clickhouse}), on {@code target} (a topic, a table). */
  public record Entry(String store, String target, String scope, String action, long rows, Instant cutoff) {
  }

  private final Client client;
  private final String table;

  public RetentionRuns(Client client, String database) {
    this.client = client;
    this.table = database + "." + TABLE;
  }

  public void record(String runId, String who, Entry entry) {
    long now = System.currentTimeMillis();
    ClickHouseQueries.execute(client, "INSERT INTO " + table
        + " (run_id, at, at_ms, store, target, scope, action, rows, cutoff, who) VALUES (" + quote(runId) + ", "
        + now / 1000 + ", " + now + ", " + quote(entry.store()) + ", " + quote(entry.target()) + ", "
        + quote(entry.scope()) + ", " + quote(entry.action()) + ", " + entry.rows() + ", "
        + entry.cutoff().getEpochSecond() + ", " + quote(who) + ")");
  }

  private static String quote(String value) {
    return ClickHouseQueries.quote(value);
  }
}
