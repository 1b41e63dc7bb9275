package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.pipeline.testing.KafkaExtension;

/**
 * A tenant with a longer window than the others, on a private ClickHouse server: the shared monthly partitions go
 * only once every tenant's window has passed them, and each tenant's rows go by its own window.
 */
class RetentionPerTenantTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  @Test
  void eachTenantLosesExactlyTheRowsPastItsOwnWindow() {
    Client client = CLICKHOUSE.client();
    String db = CLICKHOUSE.database();
    Instant now = Instant.now();
    Map<String, String> environment = Map.of(
        "LEARNSTREAM_CLICKHOUSE_URL", CLICKHOUSE.endpoint().url(),
        "LEARNSTREAM_CLICKHOUSE_USER", CLICKHOUSE.endpoint().user(),
        "LEARNSTREAM_CLICKHOUSE_DATABASE", db,
        // no topic of this prefix exists: the run changes ClickHouse only
        "LEARNSTREAM_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
        "LEARNSTREAM_KAFKA_TOPIC_PREFIX", "per-tenant-none.",
        "LEARNSTREAM_RETENTION_EVENTS", "30 d",
        "LEARNSTREAM_RETENTION_TENANT_EVENTS", "school-long=60 d",
        "LEARNSTREAM_RETENTION_STATEMENTS", "30 d",
        "LEARNSTREAM_RETENTION_TENANT_STATEMENTS", "school-long=45 d");
    // the school's own database, whose copies of its rows the run reaches with the school's window
    CliResult school = CliResult.run(environment, "tenants", "add", "--id", "school-short", "--name", "Short");
    assertThat(school.code()).as(school.err()).isZero();
    RetentionCohort.insert(client, db, "school-short", now);
    RetentionCohort.insert(client, db, "school-long", now);
    long shortKept = events("school-short", now.minus(Duration.ofDays(30)), true);
    long longKept = events("school-long", now.minus(Duration.ofDays(60)), true);
    long longStatementsKept = deadLetters("school-long", now.minus(Duration.ofDays(45)), true);

    CliResult removed = CliResult.run(environment, "retention");

    assertThat(removed.code()).as(removed.err()).isZero();
    assertThat(events("school-short", now.minus(Duration.ofDays(30)), false)).isZero();
    assertThat(events("school-short", now.minus(Duration.ofDays(30)), true)).isEqualTo(shortKept);
    assertThat(events("school-long", now.minus(Duration.ofDays(60)), false)).isZero();
    assertThat(events("school-long", now.minus(Duration.ofDays(60)), true)).isEqualTo(longKept)
        .isGreaterThan(shortKept);
    assertThat(deadLetters("school-long", now.minus(Duration.ofDays(45)), false)).isZero();
    assertThat(deadLetters("school-long", now.minus(Duration.ofDays(45)), true)).isEqualTo(longStatementsKept);
    String copy = "tenant_school_short";
    assertThat(RetentionCohort.count(client, copy, "learning_events", "timestamp < toDateTime("
        + now.minus(Duration.ofDays(30)).getEpochSecond() + ")")).isZero();
    assertThat(RetentionCohort.count(client, copy, "learning_events", "1")).isEqualTo(shortKept);
    assertThat(RetentionCohort.count(client, copy, "mastery_updates", "1")).isEqualTo(shortKept);
    assertThat(removed.out()).contains("table=" + copy + ".learning_events");
    assertThat(removed.out()).contains("scope=\"tenant school-long before ")
        .contains("scope=\"every other tenant before ");
  }

  private static long events(String tenant, Instant cutoff, boolean kept) {
    return RetentionCohort.count(CLICKHOUSE.client(), CLICKHOUSE.database(), "learning_events", "tenant = '" + tenant
        + "' AND timestamp " + (kept ? ">=" : "<") + " toDateTime(" + cutoff.getEpochSecond() + ")");
  }

  private static long deadLetters(String tenant, Instant cutoff, boolean kept) {
    return RetentionCohort.count(CLICKHOUSE.client(), CLICKHOUSE.database(), "dead_letters", "tenant = '" + tenant
        + "' AND received_at " + (kept ? ">=" : "<") + " toDateTime(" + cutoff.getEpochSecond() + ")");
  }
}
