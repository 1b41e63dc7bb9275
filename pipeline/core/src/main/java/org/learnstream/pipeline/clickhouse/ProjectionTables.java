package org.learnstream.pipeline.clickhouse;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every table the migrations create in a database and how it is filled: written by the job's sinks from the event
 * log, kept by a materialized view on another table, or not derived from the event log at all. Replay's
 * rebuild-and-swap (which writes the job's outputs of the {@link #written()} tables), its tests and the migrations
 * check all read this one list, so a table added by a later migration is either declared here or fails that check.
 */
public final class ProjectionTables {

  /**
   * A table rebuilt from {@code learning.events}: {@code source} is null when the job's sink writes it, otherwise
   * the table whose inserts the view {@link #view()} turns into rows of this one.
   */
  public record Projection(String table, String source) {

    static Projection written(String table) {
      return new Projection(table, null);
    }

    static Projection viewOn(String table, String source) {
      return new Projection(table, source);
    }

    public boolean fedByView() {
      return source != null;
    }

    /** The materialized view that fills the table ({@code <table>_mv}, as the migrations name them). */
    public String view() {
      if (!fedByView()) {
        throw new IllegalStateException(table + " is written by the job, not by a view");
      }
      return table + "_mv";
    }
  }

  /** Rebuilt by a replay, in an order where every view's source comes before it. */
  public static final List<Projection> FROM_EVENT_LOG = List.of(
      Projection.written("learning_events"),
      Projection.written("mastery_updates"),
      Projection.viewOn("mastery_current", "mastery_updates"),
      Projection.viewOn("skill_daily", "mastery_updates"),
      Projection.viewOn("learner_daily", "learning_events"),
      Projection.viewOn("statement_ids", "learning_events"),
      Projection.viewOn("statement_refs", "learning_events"),
      Projection.viewOn("statement_timeline", "learning_events"),
      Projection.viewOn("statement_keys", "learning_events"),
      Projection.viewOn("statement_agents", "learning_events"),
      Projection.viewOn("statement_first", "learning_events"),
      Projection.viewOn("learner_skill_progress", "mastery_updates"),
      Projection.viewOn("class_daily", "mastery_updates"),
      Projection.viewOn("skill_attempt_daily", "mastery_updates"));

  /** Tables a replay leaves as they are, each with the reason it cannot be rebuilt from the event log. */
  public static final Map<String, String> NOT_FROM_EVENT_LOG = Map.ofEntries(
      Map.entry("dead_letters", "statements refused before they reached the event log"),
      Map.entry("late_events", "which responses came too late depends on the live stream's arrival order"),
      Map.entry("alerts", "inactivity alerts fire on the live stream's watermark, which a replay does not reproduce"),
      Map.entry("class_patterns", "counted from the alerts, which a replay does not reproduce"),
      Map.entry("alert_deliveries", "webhook attempts of the notifier"),
      Map.entry("skill_catalog", "the content catalog, from its own topic"),
      Map.entry("framework_imports", "skill frameworks, imported by learnstream skills import"),
      Map.entry("framework_skills", "skill frameworks, imported by learnstream skills import"),
      Map.entry("skill_ancestors", "skill frameworks, imported by learnstream skills import"),
      Map.entry("learner_directory", "pseudonym to name, from outside the pipeline"),
      Map.entry(ErasureReceipts.TABLE, "the receipts of learnstream erase"),
      Map.entry(ErasedStatements.TABLE, "ids of statements learnstream erase deleted with a learner"),
      Map.entry(AuditLog.TABLE, "administrative actions and reads of identifying data"),
      Map.entry(SchemaMigrations.TABLE, "which migrations the database has"),
      Map.entry(SchemaMigrations.STEPS_TABLE, "how far migrations got"),
      Map.entry(RetentionRuns.TABLE, "what retention removed, recorded by learnstream retention"),
      Map.entry("skill_suggestion_decisions", "what a data team decided about suggested skills"));

  private ProjectionTables() {
  }

  /** Every table and view the migrations leave in a database, by name. */
  public static List<String> everyObject() {
    return Stream.of(
        FROM_EVENT_LOG.stream().map(Projection::table),
        FROM_EVENT_LOG.stream().filter(Projection::fedByView).map(Projection::view),
        NOT_FROM_EVENT_LOG.keySet().stream())
        .flatMap(s -> s).sorted().toList();
  }

  /** The rebuilt tables that the job's sinks write. */
  public static List<String> written() {
    return FROM_EVENT_LOG.stream().filter(p -> !p.fedByView()).map(Projection::table).toList();
  }

  /** The rebuilt tables that views keep. */
  public static List<Projection> viewFed() {
    return FROM_EVENT_LOG.stream().filter(Projection::fedByView).toList();
  }
}
