package org.learnstream.pipeline.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.pipeline.xapi.LearnerDigest;
import org.learnstream.pipeline.xapi.Pseudonymizer;

/**
 * Migration V097 on 18.16: receipts and the notifier's look-ups written before learners were named by digest held the
 * pseudonym, which the verification scan, reading every table, would find after the learner's erasure; the migration
 * rewrites them to the learner's digest and leaves every other row as it was.
 */
class LearnerDigestMigrationTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final String TENANT = "school-digest";
  private static final String ANA = Pseudonymizer.unkeyed().learnerId(TENANT, "mbox:mailto:ana@example.org");
  private static final String BEN = Pseudonymizer.unkeyed().learnerId(TENANT, "mbox:mailto:ben@example.org");

  @Test
  void olderReceiptsAndLookUpsNameTheLearnerByDigestAfterTheMigrationAndNothingElseChanges() {
    Client client = CLICKHOUSE.client();
    String database = CLICKHOUSE.database() + "_upgraded";
    SchemaMigrations.apply(client, database, SchemaMigrations.bundled().stream().filter(m -> m.version() < 97)
        .toList());
    try {
      receipt(database, "r-old", ANA);
      receipt(database, "r-new", LearnerDigest.of(TENANT, BEN)); // written by this version before the migration ran
      audit(database, "notifier", "learner-directory look-up", ANA);
      audit(database, "notifier", "learner-directory look-up", LearnerDigest.of(TENANT, BEN));
      audit(database, "operator", "erase", "r-old");
      audit(database, "operator", "export", "request 42");
      audit(database, "http:admin", "tenants add", TENANT);
      SchoolDatabase.Sql sql = SchoolDatabase.Sql.of(client);
      List<List<String>> ana = List.of(List.of(ANA));
      assertThat(LearnerScan.scan(sql, List.of(database), ana).occurrences())
          .as("before: her erasure would not be verified").containsEntry(database + ".erasure_receipts", 1L)
          .containsEntry(database + ".audit_log", 1L);

      assertThat(SchemaMigrations.apply(client, database, SchemaMigrations.bundled().stream()
          .filter(m -> m.version() <= 97).toList())).extracting(Migration::name)
          .containsExactly("learner_digests");
      awaitMutations(database);

      assertThat(ClickHouseQueries.text(client, "SELECT receipt_id, learner FROM " + database
          + ".erasure_receipts ORDER BY receipt_id FORMAT TabSeparated"))
          .isEqualTo("r-new\t" + LearnerDigest.of(TENANT, BEN) + "\nr-old\t" + LearnerDigest.of(TENANT, ANA) + "\n");
      assertThat(ClickHouseQueries.text(client, "SELECT who, action, target FROM " + database
          + ".audit_log FORMAT TabSeparated").split("\n")).containsExactlyInAnyOrder(
              "notifier\tlearner-directory look-up\t" + LearnerDigest.of(TENANT, ANA),
              "notifier\tlearner-directory look-up\t" + LearnerDigest.of(TENANT, BEN),
              "operator\terase\tr-old",
              "operator\texport\trequest 42",
              "http:admin\ttenants add\t" + TENANT);
      assertThat(LearnerScan.scan(sql, List.of(database), ana).total()).isZero();
    } finally {
      ClickHouseQueries.execute(client, "DROP DATABASE IF EXISTS " + database);
    }
  }

  private static void receipt(String database, String id, String learner) {
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + database + ".erasure_receipts (receipt_id, tenant, "
        + "learner, requested_at, requested_at_ms, completed_at, completed_at_ms, requested_by, stores, rows_removed, "
        + "tables_scanned, occurrences, verified) VALUES ('" + id + "', '" + TENANT + "', '" + learner + "', "
        + "1772359200, 1772359200000, 1772359260, 1772359260000, 'operator', ['" + database
        + ".learning_events'], [3], 30, 0, 1)");
  }

  private static void audit(String database, String who, String action, String target) {
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + database + ".audit_log (at, at_ms, who, tenant, "
        + "action, target) VALUES (1772359200, 1772359200000, '" + who + "', '" + TENANT + "', '" + action + "', '"
        + target + "')");
  }

  /** Until the server has run the migration's mutations: it answers an ALTER TABLE ... UPDATE before it has. */
  private static void awaitMutations(String database) {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    while (ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM system.mutations WHERE database = '"
        + database + "' AND is_done = 0") > 0) {
      assertThat(Instant.now()).as("mutations of V097 done within a minute").isBefore(deadline);
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }
}
