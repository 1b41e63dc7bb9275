package org.learnstream.pipeline.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.Client;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.local.LocalClickHouse;

/** Uses its own server, because it stops it. */
class RetriedReadsTest {

  @Test
  void aReadStartedWhileTheServerIsDownAnswersOnceTheServerIsBack() throws Exception {
    try (LocalClickHouse server = LocalClickHouse.start();
        Client client = ClickHouseClients.create(ClickHouseEndpoint.withoutPassword(server.httpUrl(), "default"))) {
      RetriedReads reads = new RetriedReads(SchoolDatabase.Sql.once(client), 40, Duration.ofMillis(100),
          Duration.ofMillis(500));
      server.stop();
      CompletableFuture<List<Map<String, Object>>> reading = CompletableFuture
          .supplyAsync(() -> reads.rows("SELECT 42 AS answer"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (reads.retries() < 2 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(reads.retries()).as("reads tried again while the server is down").isGreaterThanOrEqualTo(2);
      assertThat(reading).isNotDone();

      server.restart();

      assertThat(reading.get(60, TimeUnit.SECONDS)).containsExactly(Map.of("answer", 42));
    }
  }

  @Test
  void aServerThatStaysAwayFailsTheReadAfterTheLastAttempt() throws Exception {
    try (LocalClickHouse server = LocalClickHouse.start();
        Client client = ClickHouseClients.create(ClickHouseEndpoint.withoutPassword(server.httpUrl(), "default"))) {
      RetriedReads reads = new RetriedReads(SchoolDatabase.Sql.once(client), 2, Duration.ofMillis(10),
          Duration.ofMillis(20));
      server.stop();

      assertThatThrownBy(() -> reads.rows("SELECT 1")).satisfies(
          e -> assertThat(ClickHouseErrors.classify(e)).isEqualTo(ClickHouseErrors.Kind.RETRIABLE));
      assertThat(reads.retries()).isEqualTo(2);
    }
  }

  @Test
  void aQueryTheServerRefusesIsNotTriedAgain() throws Exception {
    try (LocalClickHouse server = LocalClickHouse.start();
        Client client = ClickHouseClients.create(ClickHouseEndpoint.withoutPassword(server.httpUrl(), "default"))) {
      RetriedReads reads = RetriedReads.of(SchoolDatabase.Sql.once(client));

      assertThatThrownBy(() -> reads.rows("SELECT * FROM no_such_database.no_such_table"))
          .satisfies(e -> assertThat(ClickHouseErrors.classify(e)).isEqualTo(ClickHouseErrors.Kind.FATAL));
      assertThat(reads.retries()).isZero();
    }
  }
}
