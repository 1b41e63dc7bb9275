package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.pipeline.testing.KafkaExtension;
import picocli.CommandLine;

/**
 * {@code serve} runs retention on its own ({@code retention.serve-every}), as {@code learnstream retention} does: a raw
 * statement received 40 days ago, past the 30-day window, goes from {@code xapi.statements} once serve's pipeline has
 * read it, and the run is recorded in {@code retention_runs} (real broker, ClickHouse and the job on Flink's
 * MiniCluster, as serve runs them).
 */
class ServeRetentionITCase {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final Duration DEADLINE = Duration.ofMinutes(3);

  @Test
  void aRawStatementPastItsWindowGoesOnceThePipelineHasReadItAndTheRunIsRecorded(@TempDir Path dir)
      throws Exception {
    String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    String topic = prefix + Topics.XAPI_STATEMENTS;
    Path settings = ServeTestSettings.write(dir, prefix, KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(),
        "retention.serve-every: 1s");
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("--port", "0", "--instance-id", prefix, "--config", settings.toString());
    StringWriter out = new StringWriter();
    try (ServeCommand.Serving serving = serve.start(new PrintWriter(out, true));
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      sendReceivedDaysAgo(topic, 40);

      long deleted = awaitDeletedRecords(topic);
      long passesAfter = awaitPassesFindingNothingDueAfterDeleting(topic);

      assertThat(deleted).isEqualTo(1);
      assertThat(passesAfter).as("passes after it, each recorded though nothing was due").isPositive();
      TopicPartition partition = new TopicPartition(topic, 0);
      assertThat(admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).all().get().get(partition).offset())
          .as("the topic now starts after the old statement").isEqualTo(1);
    }
    assertThat(out.toString()).contains("retention:     run by serve every 1 s (retention.serve-every)")
        .contains("retention:     removing store=kafka topic=" + topic + " partition=0 records=1");
  }

  /** One statement on partition 0 of {@code topic}, with the receipt time of {@code days} ago as its timestamp. */
  private static void sendReceivedDaysAgo(String topic, int days) throws Exception {
    String statement = """
        {"id":"%s","actor":{"mbox":"mailto:ana@school.example"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/answered"},
         "object":{"id":"https://example.org/quiz/1"},"result":{"success":true},"timestamp":"%s"}"""
        .formatted(UUID.randomUUID(), Instant.now().minus(Duration.ofDays(days)));
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new ByteArraySerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, 0, Instant.now().minus(Duration.ofDays(days)).toEpochMilli(),
          "demo|mbox:ana".getBytes(StandardCharsets.UTF_8), statement.getBytes(StandardCharsets.UTF_8))).get();
    }
  }

  /** The passes after the deletion from {@code topic} that recorded finding nothing past any window, once one has. */
  private static long awaitPassesFindingNothingDueAfterDeleting(String topic) throws InterruptedException {
    String runs = CLICKHOUSE.table("retention_runs");
    return awaitPositive("SELECT count() FROM " + runs + " WHERE action = " + ClickHouseQueries.quote(
        RetentionPass.NOTHING_DUE) + " AND at_ms > (SELECT max(at_ms) FROM " + runs + " WHERE target = "
        + ClickHouseQueries.quote(topic) + ")", "no pass that found nothing due after the deletion");
  }

  /** The records serve's retention recorded as deleted from {@code topic}, once it has recorded any. */
  private static long awaitDeletedRecords(String topic) throws InterruptedException {
    return awaitPositive("SELECT sum(rows) FROM " + CLICKHOUSE.table("retention_runs") + " WHERE store = 'kafka' "
        + "AND target = " + ClickHouseQueries.quote(topic) + " AND action = 'delete_records'",
        "no deleted record of " + topic);
  }

  private static long awaitPositive(String query, String missing) throws InterruptedException {
    Instant deadline = Instant.now().plus(DEADLINE);
    while (Instant.now().isBefore(deadline)) {
      long rows = ClickHouseQueries.scalarLong(CLICKHOUSE.client(), query);
      if (rows > 0) {
        return rows;
      }
      Thread.sleep(200); // the polling pace of the table, which serve writes after each step
    }
    throw new AssertionError("serve's retention recorded " + missing + " within " + DEADLINE);
  }
}
