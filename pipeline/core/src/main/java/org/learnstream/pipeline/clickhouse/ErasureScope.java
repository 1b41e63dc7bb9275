package org.learnstream.pipeline.clickhouse;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * How an erasure reaches each table the migrations create: by the learner's pseudonym, through the learner's
 * statements or alerts, by scanning the stored text, by recomputing an aggregate without the learner, or not at all
 * (no per-learner rows). Every table of {@link ProjectionTables#everyObject()} that is not a view is named here
 * once; a table added by a later migration fails {@code ErasureScopeTest} until it is.
 */
public final class ErasureScope {

  /** Tables with {@code tenant} and {@code learner} columns: the learner's rows go by pseudonym. */
  public static final List<String> BY_LEARNER = List.of("learning_events", "late_events", "mastery_updates",
      "mastery_current", "learner_daily", "learner_skill_progress", "alerts", "learner_directory");

  /**
   * The endpoint's statement-read tables, which have no learner column: the learner's statements go by id (and, in
   * {@code statement_refs}, the statements that refer to them), per table the column that holds the id.
   */
  public static final Map<String, List<String>> BY_STATEMENT = Map.of("statement_ids", List.of("statement_id"),
      "statement_timeline", List.of("statement_id"), "statement_keys", List.of("statement_id"),
      "statement_refs", List.of("statement_id", "target_id"), "statement_agents", List.of("statement_id"));

  /** Webhook attempts, tied to a learner only through the alert they delivered. */
  public static final List<String> BY_ALERT = List.of("alert_deliveries");

  /**
   * Dead letters keep the original bytes of what was refused: a row is the learner's when its payload holds their
   * identifier or pseudonym, or is a statement whose actor has the learner's pseudonym.
   */
  public static final List<String> BY_PAYLOAD = List.of("dead_letters");

  /**
   * Aggregates over many learners, keyed by tenant, course, section and day (and more), whose states cannot forget
   * one learner: the rows of every key the learner contributed to are deleted and computed again, by the table's
   * own view query, from {@code mastery_updates} without the learner.
   */
  public static final List<String> RECOMPUTED = List.of("skill_daily", "class_daily", "skill_attempt_daily");

  /** Tables without per-learner rows, each with what it holds. */
  public static final Map<String, String> NOT_PER_LEARNER = Map.ofEntries(
      Map.entry("skill_catalog", "activities and their skills"),
      Map.entry("framework_imports", "imported skill frameworks"),
      Map.entry("framework_skills", "imported skill frameworks"),
      Map.entry("skill_ancestors", "imported skill frameworks"),
      Map.entry("skill_suggestion_decisions", "a data team's decisions on suggested skills"),
      Map.entry("class_patterns", "class-wide alert patterns: counts of learners per class and rule, no learner"),
      Map.entry(SchemaMigrations.TABLE, "which migrations ran"),
      Map.entry(SchemaMigrations.STEPS_TABLE, "how far migrations got: statement checksums"),
      Map.entry(RetentionRuns.TABLE, "what retention removed: stores, cutoffs and counts, no learner"),
      Map.entry(ErasedStatements.TABLE, "ids of the statements erasures deleted: no learner, no text"),
      Map.entry("statement_first", "each school's first stored time, where ascending statement pages start"));

  /**
   * Append-only evidence, which an erasure never deletes from: what was erased, and who read or changed what. These
   * tables name a learner by their {@link org.learnstream.pipeline.xapi.LearnerDigest}, never by pseudonym or
   * identifier, so the verification scan ({@link LearnerScan}) reads them as it reads every other table: a row that
   * still spelled the pseudonym would fail the erasure's verification, and no second round deletes it. Rows written
   * before the digest (receipts, the notifier's look-ups) are rewritten to it by migration V097.
   */
  public static final Map<String, String> KEPT_AS_EVIDENCE = Map.of(
      ErasureReceipts.TABLE, "the receipts of erasures: the learner's digest and counts, never a pseudonym",
      AuditLog.TABLE, "administrative actions and reads of identifying data, a learner as target by digest");

  private ErasureScope() {
  }

  /** Every table erasure knows, in name order. */
  public static List<String> everyTable() {
    return Stream.of(BY_LEARNER.stream(), BY_STATEMENT.keySet().stream(), BY_ALERT.stream(), BY_PAYLOAD.stream(),
        RECOMPUTED.stream(), NOT_PER_LEARNER.keySet().stream(), KEPT_AS_EVIDENCE.keySet().stream()).flatMap(s -> s)
        .collect(java.util.stream.Collectors.toCollection(TreeSet::new)).stream().toList();
  }
}
