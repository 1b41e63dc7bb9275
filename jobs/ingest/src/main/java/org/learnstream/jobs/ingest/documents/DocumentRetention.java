package org.learnstream.jobs.ingest.documents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.learnstream.pipeline.clickhouse.RetentionWindows;
import org.learnstream.pipeline.records.RecordTransactions;

/**
 * Retention in the documents database: per tenant, the rows of each {@link Target} whose time lies before the
 * tenant's events window, which is how long the learner's events and projections are kept too.
 */
public final class DocumentRetention {

  /** Rows of one table that go once their time is past their tenant's window; one declaration for every such table. */
  public enum Target {
    /** A learner's launch data, bookmarks, suspended answers that no LMS wrote within the window. */
    DOCUMENTS("xapi_documents", "updated_millis", PersonDocuments.LEARNERS_RESOURCES, "delete_documents"),
    /**
     * Attachment content that no statement written within the window carried (a signed statement's signature holds
     * the whole statement, its actor's address among it).
     */
    ATTACHMENTS("xapi_attachments", "stored_millis", null, "delete_attachments"),
    /**
     * Learner records not used for a statement within the window, with the key their data was sealed under: the
     * delete asks for an old mark in its own condition, so a record marked used meanwhile is kept
     * ({@link org.learnstream.pipeline.records.LearnerRecordStore#LAST_USE_PRECISION}).
     */
    LEARNER_RECORDS("learner_records", "last_used_millis", null, "delete_unused_records"),
    /** Memos of erasures done before the window, which kept statements dated before them from starting a record. */
    ERASURE_MEMOS("erased_learner_lookups", "erased_millis", null, "delete_erasure_memos");

    private final String table;
    private final String timeColumn;
    private final String condition;
    private final String action;

    Target(String table, String timeColumn, String condition, String action) {
      this.table = table;
      this.timeColumn = timeColumn;
      this.condition = condition;
      this.action = action;
    }

    /** The table, as retention runs name it. */
    public String table() {
      return table;
    }

    /** What a retention run records that it did to the table's rows. */
    public String action() {
      return action;
    }

    private String rows() {
      return table + " WHERE tenant = ?" + (condition == null ? "" : " AND " + condition) + " AND " + timeColumn
          + " < ?";
    }

    private String tenants() {
      return "SELECT DISTINCT tenant FROM " + table + (condition == null ? "" : " WHERE " + condition);
    }
  }

  /** What one tenant has past {@code cutoff}, per target with any such row. */
  public record Step(String tenant, Instant cutoff, Map<Target, Long> rows) {

    public Step {
      rows = Collections.unmodifiableMap(rows.isEmpty() ? Map.of() : new EnumMap<>(rows));
    }

    public long rowsOf(Target target) {
      return rows.getOrDefault(target, 0L);
    }
  }

  private final RecordTransactions database;

  public DocumentRetention(DocumentDatabase database) {
    this(new DocumentRecordTransactions(database));
  }

  /** On the transactions of the documents database (which its learner records share). */
  public DocumentRetention(RecordTransactions database) {
    this.database = database;
  }

  /** Per tenant with rows past its window ({@code windows}: the events' windows), what would go. */
  public List<Step> plan(RetentionWindows windows, Instant now) throws SQLException {
    return database.inTransaction(c -> {
      TreeSet<String> tenants = new TreeSet<>();
      for (Target target : Target.values()) {
        try (PreparedStatement p = c.prepareStatement(target.tenants()); ResultSet r = p.executeQuery()) {
          while (r.next()) {
            tenants.add(r.getString(1));
          }
        }
      }
      List<Step> steps = new ArrayList<>();
      for (String tenant : tenants) {
        Instant cutoff = now.minus(windows.of(tenant));
        Map<Target, Long> rows = new EnumMap<>(Target.class);
        for (Target target : Target.values()) {
          long count = count(c, target, tenant, cutoff);
          if (count > 0) {
            rows.put(target, count);
          }
        }
        if (!rows.isEmpty()) {
          steps.add(new Step(tenant, cutoff, rows));
        }
      }
      return steps;
    });
  }

  /**
   * Removes the step's rows in one transaction; answers what went (rows written or used since the plan are kept, so
   * the counts may be lower than the step's).
   */
  public Step apply(Step step) throws SQLException {
    return database.inTransaction(c -> {
      Map<Target, Long> gone = new EnumMap<>(Target.class);
      for (Target target : step.rows().keySet()) {
        gone.put(target, delete(c, target, step.tenant(), step.cutoff()));
      }
      return new Step(step.tenant(), step.cutoff(), gone);
    });
  }

  private static long count(Connection c, Target target, String tenant, Instant cutoff) throws SQLException {
    try (PreparedStatement p = rowsOf(c, "SELECT count(*) FROM ", target, tenant, cutoff);
        ResultSet r = p.executeQuery()) {
      return r.next() ? r.getLong(1) : 0;
    }
  }

  private static long delete(Connection c, Target target, String tenant, Instant cutoff) throws SQLException {
    try (PreparedStatement p = rowsOf(c, "DELETE FROM ", target, tenant, cutoff)) {
      return p.executeUpdate();
    }
  }

  /** {@code verb} (a count or a delete) on the rows of {@code target} that {@code tenant} has before {@code cutoff}. */
  private static PreparedStatement rowsOf(Connection c, String verb, Target target, String tenant, Instant cutoff)
      throws SQLException {
    PreparedStatement p = c.prepareStatement(verb + target.rows());
    try {
      p.setString(1, tenant);
      p.setLong(2, cutoff.toEpochMilli());
      return p;
    } catch (SQLException e) {
      p.close();
      throw e;
    }
  }
}
