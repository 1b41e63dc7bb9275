package org.learnstream.jobs.chaos;

import com.clickhouse.client.api.Client;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.TableContents;

/** What a pipeline run left in one ClickHouse database for one tenant, in the terms the chaos suite compares. */
final class Projections {

  /** The columns a replay must reproduce exactly (no ingestion times or Kafka coordinates). */
  private static final String MASTERY_COLUMNS = "learner, skill, statement_id, sequence, correct, p_known_before, "
      + "p_correct_predicted, p_known_after, mastered, attempts, correct_count, recent_accuracy, trend, "
      + "first_mastered_at_ms";

  /**
   * Columns that differ between two runs over the same statements: the times of arrival, and the statement-read
   * tables' learner bucket, a hash of the pseudonym, which each run's learner records draw at random (the pseudonyms
   * themselves are put back to identifiers by {@link LearnerNames}).
   */
  private static final Set<String> RUN_SPECIFIC = Set.of("stored", "stored_ms", "first_stored_ms", "learner_bucket");

  private final Client client;
  private final String database;
  private final String tenant;
  private final LearnerNames names;
  private final Supplier<String> leftOut;

  /** The rows of every learner of {@code tenant}, learners named as {@code names} puts them back. */
  Projections(Client client, String database, String tenant, LearnerNames names) {
    this(client, database, tenant, names, () -> null);
  }

  /**
   * The rows of every learner of {@code tenant} but {@code leftOut} (a pseudonym, or null for none yet): an erased
   * learner, whose rows leave while the run goes on, is counted apart ({@link #eventsOf}). The rows compared with
   * another run's name learners by identifier ({@link LearnerNames}), not by this run's pseudonyms.
   */
  Projections(Client client, String database, String tenant, LearnerNames names, Supplier<String> leftOut) {
    this.client = client;
    this.database = database;
    this.tenant = tenant;
    this.names = names;
    this.leftOut = leftOut;
  }

  /** Events of the learner {@code pseudonym} in learning_events. */
  long eventsOf(String pseudonym) {
    return scalar("SELECT count() FROM " + table("learning_events") + " WHERE tenant = "
        + ClickHouseQueries.quote(tenant) + " AND learner = " + ClickHouseQueries.quote(pseudonym));
  }

  /** Distinct statements that reached learning_events. */
  long distinctStatements() {
    return scalar("SELECT uniqExact(statement_id) FROM " + table("learning_events") + where());
  }

  /** How many of {@code statementIds} are not in learning_events. */
  long missingStatements(Collection<String> statementIds) {
    Set<String> landed = landedStatementIds();
    return statementIds.stream().filter(id -> !landed.contains(id.toLowerCase(Locale.ROOT))).count();
  }

  /** The ids of the statements in learning_events. */
  Set<String> landedStatementIds() {
    String text = ClickHouseQueries.text(client, "SELECT DISTINCT toString(statement_id) FROM "
        + table("learning_events") + where() + " FORMAT TabSeparated");
    return text.isEmpty() ? Set.of() : new HashSet<>(Arrays.asList(text.split("\n")));
  }

  long eventsFinal() {
    return scalar("SELECT count() FROM " + table("learning_events") + " FINAL" + where());
  }

  /** Rows before ReplacingMergeTree collapsed repeats: redelivered inserts that FINAL (and merges) remove. */
  long eventsRaw() {
    return scalar("SELECT count() FROM " + table("learning_events") + where());
  }

  long masteryFinal() {
    return scalar("SELECT count() FROM " + table("mastery_updates") + " FINAL" + where());
  }

  /** Every mastery update after FINAL, one sorted text line each, learners by identifier. */
  List<String> masteryRows() {
    String text = ClickHouseQueries.text(client, "SELECT " + MASTERY_COLUMNS + " FROM " + table("mastery_updates")
        + " FINAL" + where() + " ORDER BY learner, skill, sequence, statement_id FORMAT TabSeparated");
    return names.renamed(text.isEmpty() ? List.of() : Arrays.asList(text.split("\n")));
  }

  /** The latest estimate per learner x skill after FINAL, sorted, learners by identifier. */
  List<String> currentRows() {
    String text = ClickHouseQueries.text(client,
        "SELECT learner, skill, sequence, p_known_after, attempts, mastered FROM "
            + table("mastery_current") + " FINAL" + where() + " ORDER BY learner, skill FORMAT TabSeparated");
    return names.renamed(text.isEmpty() ? List.of() : Arrays.asList(text.split("\n")));
  }

  /**
   * Every table rebuilt from the event log, this tenant's rows, learners by identifier; without the {@link
   * #RUN_SPECIFIC} columns.
   */
  Map<String, List<String>> everyProjection() {
    return names.renamed(TableContents.projections(client, database, tenant, RUN_SPECIFIC));
  }

  /**
   * Lines that differ from {@code expected} over every projection of this run, naming each table that differs to
   * {@code log}, so that a failed comparison says where to look.
   */
  long tableDifferences(Map<String, List<String>> expected, java.util.function.Consumer<String> log) {
    Map<String, Long> byTable = TableContents.differencesByTable(expected, everyProjection());
    if (!byTable.isEmpty()) {
      log.accept("  tables that differ from the clean run (lines): " + byTable);
    }
    return byTable.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Lines of {@code actual} not in {@code expected} plus lines of {@code expected} not in {@code actual}. */
  static long differences(List<String> expected, List<String> actual) {
    return TableContents.differences(expected, actual);
  }

  private String table(String name) {
    return database + "." + name;
  }

  private String where() {
    String left = leftOut.get();
    return " WHERE tenant = " + ClickHouseQueries.quote(tenant)
        + (left == null ? "" : " AND learner != " + ClickHouseQueries.quote(left));
  }

  private long scalar(String sql) {
    return ClickHouseQueries.scalarLong(client, sql);
  }
}
