package org.learnstream.pipeline.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.Client;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;

/**
 * A migration statement that runs longer than the client's socket timeout (as V080's copy did on a large database):
 * the runner waits for it under the migration timeout, reports it while it runs, and cancels it when even that runs
 * out. A 1 s socket timeout and a copy that sleeps 1 s per block stand in for 120 s and a 15-minute copy. The source
 * is a Memory table, which hands out the blocks as they were inserted: one per row here.
 */
class LongMigrationTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final Duration SHORT_SOCKET_TIMEOUT = Duration.ofSeconds(1);
  private static final int BLOCKS_OF_A_LONG_COPY = 20;

  @Test
  void aStatementLongerThanTheSocketTimeoutCompletesAndIsReportedWhileItRuns() throws Exception {
    String database = CLICKHOUSE.database() + "_long";
    List<String> reports = new CopyOnWriteArrayList<>();
    try (Client client = ClickHouseClients.withSocketTimeout(CLICKHOUSE.endpoint(), SHORT_SOCKET_TIMEOUT)) {
      assertThatThrownBy(() -> ClickHouseQueries.execute(client, "SELECT sleep(3)"))
          .as("the same statement under the client's own timeout").isNotNull();

      List<Migration> applied = SchemaMigrations.apply(client, database, List.of(slowCopy(4)),
          new MigrationPace(Duration.ofSeconds(30), Duration.ofMillis(500), reports::add));

      assertThat(applied).extracting(Migration::version).containsExactly(1);
      assertThat(ClickHouseQueries.count(client, database + ".slow")).isEqualTo(4);
    } finally {
      ClickHouseQueries.execute(CLICKHOUSE.client(), "DROP DATABASE IF EXISTS " + database);
    }
    assertThat(reports).isNotEmpty()
        .allSatisfy(line -> assertThat(line).startsWith("V1 slow_copy, statement 7 of 7: running for "));
  }

  @Test
  void aStatementLongerThanTheMigrationTimeoutFailsIsCancelledOnTheServerAndIsNotRecorded() throws Exception {
    String database = CLICKHOUSE.database() + "_cancelled";
    Client client = CLICKHOUSE.client();
    try {
      assertThatThrownBy(() -> SchemaMigrations.apply(client, database, List.of(slowCopy(BLOCKS_OF_A_LONG_COPY)),
          new MigrationPace(SHORT_SOCKET_TIMEOUT, Duration.ofMillis(500), line -> {
          })))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Migration V1__slow_copy failed on database '" + database + "'")
          .hasMessageContaining("ran longer than the migration timeout of 1 s and was cancelled on the server");

      // left alone, the copy would run for 10 s or more (two threads at most); cancelled, it stops within seconds
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (running(client, database) > 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(running(client, database)).as("the statement still running on the server").isZero();
      assertThat(ClickHouseQueries.count(client, database + ".slow")).isLessThan(BLOCKS_OF_A_LONG_COPY);
      assertThat(ClickHouseQueries.count(client, database + "." + SchemaMigrations.TABLE)).isZero();
    } finally {
      ClickHouseQueries.execute(client, "DROP DATABASE IF EXISTS " + database);
    }
  }

  /** A migration whose last statement copies {@code blocks} one-row blocks, sleeping 1 s on each. */
  private static Migration slowCopy(int blocks) {
    String rows = "INSERT INTO ${database}.source VALUES (1);\n".repeat(blocks);
    return new Migration(1, "slow_copy", "CREATE TABLE ${database}.source (n UInt8) ENGINE = Memory;\n" + rows
        + "CREATE TABLE ${database}.slow (n UInt8) ENGINE = MergeTree() ORDER BY n;\n"
        + "INSERT INTO ${database}.slow SELECT n + sleep(1) FROM ${database}.source;\n");
  }

  private static long running(Client client, String database) {
    return ClickHouseQueries.scalarLong(client, "SELECT count() FROM system.processes WHERE query LIKE '%"
        + database + ".slow%' AND query NOT LIKE '%system.processes%'");
  }
}
