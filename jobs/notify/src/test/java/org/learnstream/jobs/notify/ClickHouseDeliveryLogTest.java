package org.learnstream.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.jobs.notify.DeliveryLog.Attempt;
import org.learnstream.jobs.notify.DeliveryLog.Status;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.SchemaMigrations;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.pipeline.xapi.LearnerDigest;

class ClickHouseDeliveryLogTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  @BeforeAll
  static void migrate() {
    SchemaMigrations.apply(CLICKHOUSE.client(), CLICKHOUSE.database());
  }

  @Test
  void everyAttemptIsARowAndOnlyADeliveredOrDeadLetteredPairIsFinished() {
    ClickHouseDeliveryLog log = new ClickHouseDeliveryLog(CLICKHOUSE.client(), CLICKHOUSE.database());
    log.record(new Attempt("a1", DeliveredChange.RAISED, "s1", 1, Status.FAILED, 500, "HTTP 500", 1_772_000_000_000L));
    assertThat(log.finished("a1", DeliveredChange.RAISED, "s1")).isFalse();
    log.record(new Attempt("a1", DeliveredChange.RAISED, "s1", 2, Status.DELIVERED, 204, null, 1_772_000_001_000L));
    log.record(new Attempt("a2", DeliveredChange.RAISED, "s1", 1, Status.DEAD_LETTERED, null,
        "timeout after 500 ms (not 'retried')", 1_772_000_002_000L));

    assertThat(log.finished("a1", DeliveredChange.RAISED, "s1")).isTrue();
    assertThat(log.finished("a2", DeliveredChange.RAISED, "s1")).isTrue();
    assertThat(log.finished("a1", DeliveredChange.RAISED, "s2")).isFalse();
    assertThat(log.finished("a1", DeliveredChange.RESOLVED, "s1")).as("the resolution is a delivery of its own")
        .isFalse();
    log.record(new Attempt("a1", DeliveredChange.RESOLVED, "s1", 1, Status.DELIVERED, 204, null, 1_772_000_003_000L));
    assertThat(log.finished("a1", DeliveredChange.RESOLVED, "s1")).isTrue();
    assertThat(log.finished("a1", DeliveredChange.ESCALATED, "s1")).as("so is the escalation").isFalse();
    log.record(new Attempt("a1", DeliveredChange.ESCALATED, "s1", 1, Status.DELIVERED, 204, null, 1_772_000_002_000L));
    assertThat(log.finished("a1", DeliveredChange.ESCALATED, "s1")).isTrue();
    List<Map<String, Object>> rows = ClickHouseQueries.rows(CLICKHOUSE.client(),
        "SELECT alert_id, toString(change) AS c, attempt, toString(status) AS s, error FROM "
            + CLICKHOUSE.table("alert_deliveries") + " FINAL ORDER BY alert_id, c, attempt FORMAT JSONEachRow");
    assertThat(rows).extracting(r -> r.get("alert_id") + "/" + r.get("c") + "/" + r.get("attempt") + "/" + r.get("s"))
        .containsExactly("a1/escalated/1/delivered", "a1/raised/1/failed", "a1/raised/2/delivered",
            "a1/resolved/1/delivered",
            "a2/raised/1/dead_lettered");
    assertThat(rows.get(4).get("error")).isEqualTo("timeout after 500 ms (not 'retried')");
  }

  @Test
  void theDirectoryGivesTheLatestDisplayName() {
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("learner_directory")
        + " VALUES ('t1', 'p-1', 'Old Name', '2026-03-01 00:00:00'), ('t1', 'p-1', 'Ana Lima', '2026-03-02 00:00:00')");
    ClickHouseLearnerDirectory directory = new ClickHouseLearnerDirectory(CLICKHOUSE.client(), CLICKHOUSE.database());
    assertThat(directory.displayName("t1", "p-1")).isEqualTo("Ana Lima");
    assertThat(directory.displayName("t2", "p-1")).isNull();
  }

  @Test
  void everyDirectoryLookUpIsAuditedWithTheTenantAndTheLearnersDigestButNeverThePseudonymOrTheName() {
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("learner_directory")
        + " VALUES ('t-audit', 'p-9', 'Bea Costa', '2026-03-01 00:00:00')");
    ClickHouseLearnerDirectory directory = new ClickHouseLearnerDirectory(CLICKHOUSE.client(), CLICKHOUSE.database());

    directory.displayName("t-audit", "p-9");
    directory.displayName("t-audit", "p-unknown");

    String rows = ClickHouseQueries.text(CLICKHOUSE.client(), "SELECT who, tenant, action, target FROM "
        + CLICKHOUSE.table("audit_log") + " WHERE tenant = 't-audit' FORMAT TabSeparated");
    assertThat(rows.split("\n")).containsExactlyInAnyOrder(
        "notifier\tt-audit\tlearner-directory look-up\t" + LearnerDigest.of("t-audit", "p-9"),
        "notifier\tt-audit\tlearner-directory look-up\t" + LearnerDigest.of("t-audit", "p-unknown"));
    assertThat(rows).doesNotContain("Bea").doesNotContain("p-9").doesNotContain("p-unknown");
  }
}
