package org.learnstream.pipeline.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.learnstream.pipeline.clickhouse.RetentionWindows;

/**
 * Retention of the learner records: a record not used for a statement within its tenant's events window is deleted,
 * with the key its data was sealed under and the lookup key that linked it to an identifier, as the learner's events
 * and projections go by then too; and the memo of an erasure ({@code erased_learner_lookups}) as old, which only kept
 * statements dated before that erasure from starting a record. A learner who comes back later starts a new, unrelated
 * record, as after an erasure but without refusing anything. The delete asks for an old mark in its own condition, so
 * a record marked used meanwhile ({@link LearnerRecordStore#LAST_USE_PRECISION}) is kept, on H2 and PostgreSQL alike.
 */
public final class RecordRetention {

  /** The table of the records, as retention runs name it. */
  public static final String TARGET = "learner_records";

  /**
   * What one tenant has past its window.
   *
   * @param records records last used before {@code cutoff}
   * @param erasureMemos erasures of identifiers done before {@code cutoff}
   */
  public record Step(String tenant, Instant cutoff, long records, long erasureMemos) {
  }

  private final RecordTransactions database;

  public RecordRetention(RecordTransactions database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /** Per tenant with records or erasure memos past its window ({@code windows}: the events' windows), what would go. */
  public List<Step> plan(RetentionWindows windows, Instant now) throws SQLException {
    return database.inTransaction(c -> {
      List<String> tenants = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT tenant FROM learner_records UNION "
          + "SELECT tenant FROM erased_learner_lookups ORDER BY tenant"); ResultSet r = p.executeQuery()) {
        while (r.next()) {
          tenants.add(r.getString(1));
        }
      }
      List<Step> steps = new ArrayList<>();
      for (String tenant : tenants) {
        Instant cutoff = now.minus(windows.of(tenant));
        long records = count(c, "SELECT count(*) FROM learner_records WHERE tenant = ? AND last_used_millis < ?",
            tenant, cutoff);
        long memos = count(c, "SELECT count(*) FROM erased_learner_lookups WHERE tenant = ? AND erased_millis < ?",
            tenant, cutoff);
        if (records > 0 || memos > 0) {
          steps.add(new Step(tenant, cutoff, records, memos));
        }
      }
      return steps;
    });
  }

  /**
   * Deletes what the step found, in one transaction; answers what went (a record used since the plan is kept, so
   * its counts may be lower than the step's).
   */
  public Step apply(Step step) throws SQLException {
    return database.inTransaction(c -> new Step(step.tenant(), step.cutoff(),
        delete(c, "DELETE FROM learner_records WHERE tenant = ? AND last_used_millis < ?", step),
        delete(c, "DELETE FROM erased_learner_lookups WHERE tenant = ? AND erased_millis < ?", step)));
  }

  private static long count(Connection c, String sql, String tenant, Instant cutoff) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, tenant);
      p.setLong(2, cutoff.toEpochMilli());
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getLong(1) : 0;
      }
    }
  }

  private static long delete(Connection c, String sql, Step step) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, step.tenant());
      p.setLong(2, step.cutoff().toEpochMilli());
      return p.executeUpdate();
    }
  }
}
