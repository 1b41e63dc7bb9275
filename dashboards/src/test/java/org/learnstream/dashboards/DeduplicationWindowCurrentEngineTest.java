package org.learnstream.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.pipeline.SinkDeduplication;
import org.learnstream.pipeline.clickhouse.DeduplicationWindow;
import org.learnstream.pipeline.clickhouse.DeduplicationWindow.State;
import org.learnstream.pipeline.clickhouse.Migration;
import org.learnstream.pipeline.clickhouse.SchemaMigrations;
import org.learnstream.pipeline.clickhouse.SchoolDatabase;

/**
 * The deduplication window on current ClickHouse (chDB 26.x): after the step, a batch inserted twice with one
 * {@code insert_deduplication_token} (a writer's retry) leaves its rows once, in its table and in a view's target;
 * without it, twice. Merges are stopped
 * so that the ReplacingMergeTree cannot collapse the repeats behind the count's back. Skipped, with how to get chDB,
 * where it is not at hand; {@code DeduplicationWindowTest} (pipeline) covers 18.16.
 */
class DeduplicationWindowCurrentEngineTest {

  private static final String TOKEN = "batch-1";

  @Test
  void aRetriedBatchLandsOnceAfterTheStepAndTwiceWithoutIt() {
    assumeTrue(ChDb.configuredLibrary().isPresent(), ChDb.HOW_TO_GET_IT);
    SchoolDatabase.Sql sql = SchoolDatabaseCurrentEngineTest.on(ChDb.shared(ChDb.configuredLibrary().get()));
    String withWindow = migrated(sql);
    String without = migrated(sql);
    try {
      DeduplicationWindow.Outcome first = SinkDeduplication.apply(sql, withWindow);
      DeduplicationWindow.Outcome second = SinkDeduplication.apply(sql, withWindow);

      assertThat(first.supported()).isTrue();
      assertThat(first.tables()).extracting(DeduplicationWindow.Table::name)
          .containsExactlyElementsOf(SinkDeduplication.tables())
          .contains("learning_events", "mastery_updates", "dead_letters", "alerts", "statement_ids", "skill_daily");
      assertThat(first.tables()).extracting(DeduplicationWindow.Table::state).containsOnly(State.SET_NOW);
      assertThat(second.tables()).extracting(DeduplicationWindow.Table::state).containsOnly(State.ALREADY_SET);
      assertThat(second.lines().get(0)).startsWith("insert deduplication on ClickHouse 26.");
      for (String table : SinkDeduplication.tables()) {
        assertThat(engineFull(sql, withWindow, table)).as(table)
            .contains(DeduplicationWindow.SETTING + " = " + DeduplicationWindow.INSERTS);
      }

      for (String database : List.of(withWindow, without)) {
        sql.execute("SYSTEM STOP MERGES " + database + ".learning_events");
        sql.execute("SYSTEM STOP MERGES " + database + ".statement_ids");
        insertTwice(sql, database);
      }

      assertThat(rows(sql, withWindow, "learning_events")).as("rows after a retried insert, with the window")
          .isEqualTo(2);
      assertThat(rows(sql, without, "learning_events")).as("rows after a retried insert, without the window")
          .isEqualTo(4);
      assertThat(rows(sql, withWindow, "statement_ids")).as("a view's rows, with the window on its target too")
          .isEqualTo(2);
      assertThat(rows(sql, without, "statement_ids")).as("a view's rows without the window").isEqualTo(4);
    } finally {
      sql.execute("DROP DATABASE IF EXISTS " + withWindow);
      sql.execute("DROP DATABASE IF EXISTS " + without);
    }
  }

  private static String migrated(SchoolDatabase.Sql sql) {
    String database = "d_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    sql.execute("CREATE DATABASE " + database);
    for (Migration migration : SchemaMigrations.bundled()) {
      migration.statements(database).forEach(sql::execute);
    }
    return database;
  }

  /** One batch of two events, inserted and then retried with the same token, as the writer retries. */
  private static void insertTwice(SchoolDatabase.Sql sql, String database) {
    for (int attempt = 0; attempt < 2; attempt++) {
      sql.execute("INSERT INTO " + database + ".learning_events (statement_id, tenant, learner, kind, verb, "
          + "object_id, object_type, skills, timestamp, timestamp_ms, stored, stored_ms, statement_json) SETTINGS "
          + "insert_deduplication_token = '" + TOKEN + "' SELECT concat('s-', toString(number)), 'school', "
          + "toString(number), 'RESPONSE', 'v', 'o', 'Activity', ['k'], toDateTime(1700000000), 1700000000000, "
          + "toDateTime(1700000000), 1700000000000, '{}' FROM system.numbers LIMIT 2");
    }
  }

  private static long rows(SchoolDatabase.Sql sql, String database, String table) {
    return Long.parseLong(String.valueOf(sql.rows("SELECT count() AS n FROM " + database + "." + table).get(0)
        .get("n")));
  }

  private static String engineFull(SchoolDatabase.Sql sql, String database, String table) {
    return String.valueOf(sql.rows("SELECT engine_full FROM system.tables WHERE database = '" + database
        + "' AND name = '" + table + "'").get(0).get("engine_full"));
  }
}
