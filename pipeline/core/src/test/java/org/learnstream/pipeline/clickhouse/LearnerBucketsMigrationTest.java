package org.learnstream.pipeline.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;

/**
 * Migration V100 rebuilds the largest per-learner tables with a learner bucket in their partition key: a database
 * that holds rows before it holds the same rows after it in every table, the statement-read tables with the bucket of
 * each statement's learner, and the recreated views go on filling every table.
 */
class LearnerBucketsMigrationTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final String TENANT = "school-upgrade";
  private static final Set<String> NEW_COLUMN = Set.of("learner_bucket");

  @Test
  void everyTableHoldsTheSameRowsAfterTheMigrationAndTheViewsGoOnFillingThem() {
    Client client = CLICKHOUSE.client();
    String database = CLICKHOUSE.database() + "_before_buckets";
    SchemaMigrations.apply(client, database, SchemaMigrations.bundled().stream().filter(m -> m.version() < 100)
        .toList());
    try {
      insertStatements(client, database, 0, 30);
      Map<String, List<String>> before = contents(client, database);
      assertThat(before.get("statement_agents")).as("the agent index holds the statements' addresses").hasSize(30);

      assertThat(SchemaMigrations.apply(client, database)).extracting(Migration::name)
          .containsExactly("learner_buckets");

      assertThat(contents(client, database)).isEqualTo(before);
      for (String table : List.of("statement_ids", "statement_timeline", "statement_keys", "statement_agents")) {
        assertThat(rowsOfAnotherBucket(client, database, table)).as(table).isZero();
      }

      insertStatements(client, database, 30, 40);
      Map<String, List<String>> grown = contents(client, database);
      for (String table : List.of("learning_events", "mastery_updates", "mastery_current", "learner_daily",
          "learner_skill_progress", "statement_ids", "statement_timeline", "statement_agents", "statement_refs")) {
        assertThat(grown.get(table)).as(table + " after ten more statements").hasSizeGreaterThan(
            before.get(table).size());
      }
    } finally {
      ClickHouseQueries.execute(client, "DROP DATABASE IF EXISTS " + database);
    }
  }

  /** Rows of a statement-read {@code table} whose learner_bucket is not that of their statement's learner. */
  static long rowsOfAnotherBucket(Client client, String database, String table) {
    return ClickHouseQueries.scalarLong(client, "SELECT count() FROM " + database + "." + table + " AS s "
        + "ANY INNER JOIN (SELECT statement_id, learner FROM " + database + ".learning_events) AS e "
        + "USING statement_id WHERE s.learner_bucket != " + RetentionTables.LEARNER_BUCKET);
  }

  /** Every table's rows, without the column the migration adds. */
  private static Map<String, List<String>> contents(Client client, String database) {
    Map<String, List<String>> contents = new LinkedHashMap<>();
    for (String table : TableContents.tables(client, database)) {
      if (!table.startsWith("schema_migration")) {
        contents.put(table, TableContents.rows(client, database, table, "", NEW_COLUMN));
      }
    }
    return contents;
  }

  /**
   * Statements {@code from} to {@code to} (exclusive), each of its own learner, every fifth voiding the one before,
   * with their mastery updates: every view of learning_events and mastery_updates gets rows.
   */
  private static void insertStatements(Client client, String database, int from, int to) {
    String events = IntStream.range(from, to).mapToObj(i -> {
      boolean voiding = i % 5 == 4;
      return "('s-" + i + "', '" + TENANT + "', 'lrn-" + i + "', '" + (voiding ? "VOIDING" : "RESPONSE") + "', '"
          + (voiding ? "voided" : "answered") + "', '" + (voiding ? "s-" + (i - 1) : "q" + i % 3) + "', '"
          + (voiding ? "StatementRef" : "Activity") + "', ['fractions'], 1, 'math', 's1', 'reg-" + i % 2 + "', "
          + (1700000000 + i * 86400L) + ", " + (1700000000000L + i * 86400000L) + ", 1700000000, "
          + (1700000000000L + i) + ", '{\"actor\":{\"mbox\":\"mailto:learner-" + i + "@example.org\"}}')";
    }).collect(Collectors.joining(", "));
    ClickHouseQueries.execute(client, "INSERT INTO " + database + ".learning_events (statement_id, tenant, learner, "
        + "kind, verb, object_id, object_type, skills, success, course, section, registration, timestamp, "
        + "timestamp_ms, stored, stored_ms, statement_json) VALUES " + events);
    ClickHouseQueries.execute(client, "INSERT INTO " + database + ".mastery_updates (tenant, learner, skill, "
        + "statement_id, course, section, event_time, event_time_ms, sequence, correct, p_known_before, "
        + "p_correct_predicted, p_known_after, mastered, attempts, correct_count, recent_accuracy, recent_window, "
        + "trend, model_version, revision) SELECT tenant, learner, 'fractions', statement_id, course, section, "
        + "timestamp, timestamp_ms, 1, 1, 0.3, 0.5, 0.9, 1, 1, 1, 1, 1, 0, 'bkt', 1 FROM " + database
        + ".learning_events WHERE kind = 'RESPONSE' AND toInt32(substring(statement_id, 3)) >= " + from);
  }
}
