package org.learnstream.pipeline.clickhouse;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Every table that holds learners' rows, with the time that decides when a row has outlived its retention window,
 * whether the migrations partition it by month of that time (then whole months can be dropped), and its tenant
 * column. The tables of {@link ProjectionTables} that hold no learner's data are in {@link #EXEMPT} with the reason.
 */
public final class RetentionTables {

  /** Which window applies: raw statements (short), or events and the projections of them (long). */
  public enum Kind {
    STATEMENTS, EVENTS
  }

  /** How a table stores the time that is compared with the window's cutoff. */
  public enum TimeType {
    DATE_TIME, DATE, EPOCH_MILLIS;

    /** SQL that holds for a row of {@code column} dated strictly before {@code instant}. */
    String before(String column, Instant instant) {
      return column + " < " + literal(instant);
    }

    /** SQL that holds for a row of {@code column} dated at or after {@code instant}. */
    String notBefore(String column, Instant instant) {
      return column + " >= " + literal(instant);
    }

    private String literal(Instant instant) {
      return switch (this) {
        case DATE_TIME -> "toDateTime(" + instant.getEpochSecond() + ")";
        // a day counts as before the cutoff only once the whole day is
        case DATE -> "toDate('" + LocalDate.ofInstant(instant, ZoneOffset.UTC) + "')";
        case EPOCH_MILLIS -> String.valueOf(instant.toEpochMilli());
      };
    }
  }

  /**
   * @param partitionKey the migration's {@code PARTITION BY} expression as the server prints it: a month of
   *     {@code timeColumn}, alone or first of a tuple with the learner bucket ({@link #LEARNER_BUCKET}); the bucket
   *     alone, or null when the table is not partitioned
   * @param tenantColumn null when the table has no tenant column (then the longest window of any tenant applies)
   * @param storedColumn when the row was stored, of the same type as {@code timeColumn}, for a table whose
   *     {@code timeColumn} is a time the client gave; null when the table has none
   */
  public record Table(String name, Kind kind, String timeColumn, TimeType timeType, String partitionKey,
      String tenantColumn, String storedColumn) {

    public Table(String name, Kind kind, String timeColumn, TimeType timeType, String partitionKey,
        String tenantColumn) {
      this(name, kind, timeColumn, timeType, partitionKey, tenantColumn, null);
    }

    /** Whether whole months can be dropped: the partition key is a month, or a tuple that starts with one. */
    public boolean monthlyPartitions() {
      return partitionKey != null && (partitionKey.startsWith(MONTH) || partitionKey.startsWith("(" + MONTH));
    }

    /**
     * The time a row's window counts from: its {@code timeColumn}, or, where the table also knows when the row was
     * stored, the earlier of the two. A statement dated ahead (a device clock years fast, a deadline) thus goes a
     * window after it was stored, not a window after the date it claims, which would keep its text for decades.
     */
    public String retainedFrom() {
      return storedColumn == null ? timeColumn : "least(" + timeColumn + ", " + storedColumn + ")";
    }
  }

  /**
   * The second part of the partition key of the largest per-learner tables (migration V100): an erasure's delete
   * rewrites only the parts of the learner's bucket. The statement-read tables, which have no learner column, keep it
   * in their column {@code learner_bucket}.
   */
  public static final String LEARNER_BUCKET = "cityHash64(learner) % 8";

  private static final String MONTH = "toYYYYMM(";

  public static final List<Table> TABLES = List.of(
      new Table("learning_events", Kind.EVENTS, "timestamp", TimeType.DATE_TIME,
          "(toYYYYMM(timestamp), " + LEARNER_BUCKET + ")",
          "tenant", "stored"),
      new Table("mastery_updates", Kind.EVENTS, "event_time", TimeType.DATE_TIME,
          "(toYYYYMM(event_time), " + LEARNER_BUCKET + ")", "tenant"),
      new Table("mastery_current", Kind.EVENTS, "event_time", TimeType.DATE_TIME, null, "tenant"),
      new Table("skill_daily", Kind.EVENTS, "day", TimeType.DATE, "toYYYYMM(day)", "tenant"),
      new Table("learner_daily", Kind.EVENTS, "day", TimeType.DATE, "(toYYYYMM(day), " + LEARNER_BUCKET + ")",
          "tenant"),
      new Table("learner_skill_progress", Kind.EVENTS, "day", TimeType.DATE,
          "(toYYYYMM(day), " + LEARNER_BUCKET + ")", "tenant"),
      new Table("class_daily", Kind.EVENTS, "day", TimeType.DATE, "toYYYYMM(day)", "tenant"),
      new Table("skill_attempt_daily", Kind.EVENTS, "day", TimeType.DATE, "toYYYYMM(day)", "tenant"),
      new Table("statement_ids", Kind.EVENTS, "stored_ms", TimeType.EPOCH_MILLIS, "learner_bucket", "tenant"),
      new Table("statement_refs", Kind.EVENTS, "stored_ms", TimeType.EPOCH_MILLIS, null, "tenant"),
      new Table("statement_timeline", Kind.EVENTS, "stored_ms", TimeType.EPOCH_MILLIS,
          "(toYYYYMM(toDateTime(intDiv(stored_ms, 1000), 'UTC')), learner_bucket)", "tenant"),
      new Table("statement_keys", Kind.EVENTS, "stored_ms", TimeType.EPOCH_MILLIS, "learner_bucket", "tenant"),
      new Table("statement_agents", Kind.EVENTS, "stored_ms", TimeType.EPOCH_MILLIS, "learner_bucket", "tenant"),
      new Table("alerts", Kind.EVENTS, "raised_at", TimeType.DATE_TIME, "toYYYYMM(raised_at)", "tenant"),
      // counts of a class's alerted learners, no learner: as old as the alerts they were counted from
      new Table("class_patterns", Kind.EVENTS, "start", TimeType.DATE_TIME, "toYYYYMM(start)", "tenant"),
      new Table("alert_deliveries", Kind.EVENTS, "at", TimeType.DATE_TIME, "toYYYYMM(at)", null),
      new Table("late_events", Kind.EVENTS, "arrived_at", TimeType.DATE_TIME, "toYYYYMM(arrived_at)", "tenant"),
      new Table("learner_directory", Kind.EVENTS, "updated_at", TimeType.DATE_TIME, null, "tenant"),
      // the original bytes of refused statements: raw statements, kept as briefly as the statement topic
      new Table("dead_letters", Kind.STATEMENTS, "received_at", TimeType.DATE_TIME, null, "tenant"));

  /** Tables that retention leaves alone, each with the reason. */
  public static final Map<String, String> EXEMPT = Map.ofEntries(
      Map.entry("skill_catalog", "content catalog: activities and skills, no learner"),
      Map.entry("framework_imports", "skill frameworks: no learner"),
      Map.entry("framework_skills", "skill frameworks: no learner"),
      Map.entry("skill_ancestors", "skill frameworks: no learner"),
      Map.entry("skill_suggestion_decisions", "a data team's decisions about activities and skills, no learner"),
      Map.entry(SchemaMigrations.TABLE, "which migrations the database has"),
      Map.entry(SchemaMigrations.STEPS_TABLE, "how far migrations got"),
      Map.entry(RetentionRuns.TABLE, "the record of what retention removed: the evidence, no learner"),
      Map.entry(AuditLog.TABLE, "the audit trail of administrative actions: the evidence"),
      Map.entry(ErasureReceipts.TABLE, "the receipts of erasures, by learner digest: the evidence of what was erased"),
      Map.entry(ErasedStatements.TABLE,
          "ids of statements erased with learners, which the endpoint refuses for good: no learner"),
      Map.entry("statement_first",
          "each school's first stored time: a lower bound where ascending pages start, no learner"));

  private RetentionTables() {
  }
}
