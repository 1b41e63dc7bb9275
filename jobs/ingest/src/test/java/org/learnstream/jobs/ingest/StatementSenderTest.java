package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.ingest.send.HttpBatchTarget;
import org.learnstream.jobs.ingest.send.KafkaBatchTarget;
import org.learnstream.jobs.ingest.send.SendSummary;
import org.learnstream.jobs.ingest.send.StatementSender;
import org.learnstream.pipeline.testing.KafkaExtension;
import org.learnstream.pipeline.xapi.XapiVersion;

class StatementSenderTest {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  private static Path ndjson(Path dir, List<String> lines) throws Exception {
    Path file = dir.resolve("statements.ndjson");
    Files.write(file, lines);
    return file;
  }

  private static List<String> mixedFile() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      lines.add(StatementBatchPreparerTest.statement("learner" + i + "@example.com", "answered").replace("\n", ""));
    }
    lines.add(2, StatementBatchPreparerTest.statement("x@example.com", "answered").replace("\n", "")
        .replace("mailto:x@example.com", "x@example.com"));
    lines.add(4, "{\"actor\": ");
    lines.add("");
    return lines;
  }

  @Test
  void sendsAFileInBatchesAndCountsRejectedStatementsByRuleWithoutLosingTheirNeighbours(@TempDir Path dir)
      throws Exception {
    String topic = KAFKA.uniqueTopic("xapi.statements");
    KafkaPublisherSettings kafka = KafkaPublisherSettings.defaults(KAFKA.bootstrapServers())
        .withTransactionalIdPrefix("sender-test-" + UUID.randomUUID());
    kafka = new KafkaPublisherSettings(kafka.bootstrapServers(), topic, kafka.transactionalIdPrefix(), 1,
        kafka.maxBlock(), kafka.deliveryTimeout(), Map.of());
    AtomicLong progressed = new AtomicLong();
    SendSummary summary;
    try (IngestServer server = IngestServer.start(IngestServerSettings.local(0, KAFKA.bootstrapServers())
        .withKafka(kafka), StatementStore.NONE)) {
      summary = new StatementSender(new HttpBatchTarget(server.baseUrl(), "demo", "demo", "1.0.3"), 3,
          Duration.ofSeconds(10)).send(ndjson(dir, mixedFile()), progressed::addAndGet);
    }

    assertThat(summary.read()).isEqualTo(7);
    assertThat(summary.accepted()).isEqualTo(5);
    assertThat(summary.rejected()).isEqualTo(2);
    assertThat(summary.rejectedByRule()).containsEntry("json.syntax", 1L);
    assertThat(summary.complete()).isTrue();
    assertThat(progressed.get()).isEqualTo(7);
    assertThat(KAFKA.readAll(topic, 5, Duration.ofSeconds(30))).hasSize(5);
  }

  @Test
  void writesStraightToKafkaPreparedAsTheEndpointWould(@TempDir Path dir) throws Exception {
    String topic = KAFKA.uniqueTopic("xapi.statements");
    KafkaPublisherSettings kafka = new KafkaPublisherSettings(KAFKA.bootstrapServers(), topic,
        "sender-kafka-test-" + UUID.randomUUID(), 1, Duration.ofSeconds(10), Duration.ofSeconds(20), Map.of());
    SendSummary summary;
    try (KafkaBatchTarget target = new KafkaBatchTarget(kafka, "school-a", XapiVersion.V1_0_3)) {
      summary = new StatementSender(target, 4, Duration.ofSeconds(10)).send(ndjson(dir, mixedFile()), n -> {
      });
    }

    assertThat(summary.accepted()).isEqualTo(5);
    assertThat(summary.rejected()).isEqualTo(2);
    var records = KAFKA.readAll(topic, 5, Duration.ofSeconds(30));
    assertThat(records).hasSize(5).allSatisfy(r -> assertThat(new String(r.key())).startsWith("school-a|mbox:"));
  }

  @Test
  void stopsWithAReasonWhenTheEndpointStaysUnreachable(@TempDir Path dir) throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    HttpBatchTarget nowhere = new HttpBatchTarget(URI.create("http://127.0.0.1:" + closedPort + "/xapi/"),
        "demo", "demo", "1.0.3");

    SendSummary summary = new StatementSender(nowhere, 2, Duration.ofMillis(500)).send(ndjson(dir, mixedFile()), n -> {
    });

    assertThat(summary.complete()).isFalse();
    assertThat(summary.stopReason()).contains("unavailable");
    assertThat(summary.accepted()).isZero();
    assertThat(summary.unsent()).isGreaterThan(0);
  }
}
