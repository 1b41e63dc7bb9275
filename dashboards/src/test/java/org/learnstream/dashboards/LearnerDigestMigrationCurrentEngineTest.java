package org.learnstream.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.clickhouse.Migration;
import org.learnstream.pipeline.clickhouse.SchemaMigrations;
import org.learnstream.pipeline.clickhouse.SchoolDatabase;
import org.learnstream.pipeline.xapi.LearnerDigest;

/**
 * Migration V097 on current ClickHouse (chDB 26.x) over rows written before it: the receipts' learner and the
 * notifier's look-ups become the learner's digest, as {@link LearnerDigest} computes it, and no other row changes.
 * {@code LearnerDigestMigrationTest} runs it on 18.16. Skipped, with how to get chDB, where it is not at hand.
 */
class LearnerDigestMigrationCurrentEngineTest {

  private static final String TENANT = "school-digest";
  private static final String ANA = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

  @Test
  void olderReceiptsAndLookUpsNameTheLearnerByDigestOnTheCurrentEngine() {
    assumeTrue(ChDb.configuredLibrary().isPresent(), ChDb.HOW_TO_GET_IT);
    SchoolDatabase.Sql sql = SchoolDatabaseCurrentEngineTest.on(ChDb.shared(ChDb.configuredLibrary().get()));
    String database = "d_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    sql.execute("CREATE DATABASE " + database);
    try {
      List<Migration> migrations = SchemaMigrations.bundled();
      migrations.stream().filter(m -> m.version() < 97).forEach(m -> m.statements(database).forEach(sql::execute));
      sql.execute("INSERT INTO " + database + ".erasure_receipts (receipt_id, tenant, learner, requested_at, "
          + "requested_at_ms, completed_at, completed_at_ms, requested_by, stores, rows_removed, tables_scanned, "
          + "occurrences, verified) VALUES ('r-old', '" + TENANT + "', '" + ANA + "', 1772359200, 1772359200000, "
          + "1772359260, 1772359260000, 'operator', ['" + database + ".learning_events'], [3], 30, 0, 1)");
      sql.execute("INSERT INTO " + database + ".audit_log (at, at_ms, who, tenant, action, target) VALUES "
          + "(1772359200, 1772359200000, 'notifier', '" + TENANT + "', 'learner-directory look-up', '" + ANA + "'), "
          + "(1772359201, 1772359201000, 'operator', '" + TENANT + "', 'erase', 'r-old')");

      migrations.stream().filter(m -> m.version() >= 97).forEach(m -> m.statements(database).forEach(sql::execute));
      awaitMutations(sql, database);

      assertThat(sql.rows("SELECT learner FROM " + database + ".erasure_receipts")).extracting(r -> r.get("learner"))
          .containsExactly(LearnerDigest.of(TENANT, ANA));
      assertThat(sql.rows("SELECT action, target FROM " + database + ".audit_log ORDER BY at_ms"))
          .extracting(r -> r.get("action") + " " + r.get("target"))
          .containsExactly("learner-directory look-up " + LearnerDigest.of(TENANT, ANA), "erase r-old");
    } finally {
      sql.execute("DROP DATABASE IF EXISTS " + database);
    }
  }

  /** Until the engine has run the migration's mutations, which it runs after answering the ALTER TABLE. */
  private static void awaitMutations(SchoolDatabase.Sql sql, String database) {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    while (Long.parseLong(String.valueOf(sql.rows("SELECT count() AS n FROM system.mutations WHERE database = '"
        + database + "' AND is_done = 0").get(0).get("n"))) > 0) {
      assertThat(Instant.now()).as("mutations of V097 done within a minute").isBefore(deadline);
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }
}
