package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.local.LocalClickHouse;
import org.learnstream.schemas.DeadLetter;
import org.learnstream.schemas.LearningEvent;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Uses its own server, because it stops it. */
class ClickHouseWriterOutageTest {

  @Test
  void retriesThroughAServerOutageAndThenWritesEveryRow() throws Exception {
    try (LocalClickHouse server = LocalClickHouse.start();
        Client client = ClickHouseClients.create(ClickHouseEndpoint.withoutPassword(server.httpUrl(), "default"))) {
      SchemaMigrations.apply(client, "outage");
      List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
      ClickHouseWriter<LearningEvent> writer = new ClickHouseWriter<>(client, "outage", new LearningEventEncoder(),
          WriterSettings.defaults().withBatchRows(10_000).withBackoff(Duration.ofMillis(50), Duration.ofMillis(400)),
          deadLetters::add);
      List<LearningEvent> first = TestRows.learningEvents(300, 11);
      List<LearningEvent> second = TestRows.learningEvents(200, 12);
      first.forEach(writer::write);
      writer.flush();

      server.stop();
      second.forEach(writer::write);
      CompletableFuture<Void> flushing = CompletableFuture.runAsync(writer::flush);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (writer.retries() < 3 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(writer.retries()).as("retries while the server is down").isGreaterThanOrEqualTo(3);
      assertThat(flushing).isNotDone();

      server.restart();
      flushing.get(60, TimeUnit.SECONDS);

      assertThat(ClickHouseQueries.countFinal(client, "outage.learning_events")).isEqualTo(500);
      assertThat(writer.rowsWritten()).isEqualTo(500);
      assertThat(deadLetters).isEmpty();
    }
  }
}
