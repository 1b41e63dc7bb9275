package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.ingest.documents.DocumentDatabase;
import org.learnstream.jobs.ingest.documents.DocumentLimits;
import org.learnstream.jobs.ingest.documents.DocumentResources;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.records.SealedStatements;
import org.learnstream.pipeline.testing.KafkaExtension;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.Pseudonymizer;

/**
 * The endpoint with a learner record store on a real broker: a batch reaches {@code xapi.statements} sealed, one
 * record per actor; when the record store does not answer the request fails with 503, and when a statement is dated
 * before its learner's erasure with 400, and nothing is written.
 */
class SealingPublisherTest {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  private static final String DEMO = "Basic "
      + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));

  @TempDir
  Path documentsDir;
  private String topic;
  private DocumentResources documents;
  private IngestServer server;

  @BeforeEach
  void start() {
    topic = KAFKA.uniqueTopic("xapi.statements", 1);
    KafkaPublisherSettings kafka = new KafkaPublisherSettings(KAFKA.bootstrapServers(), topic,
        "sealing-" + UUID.randomUUID(), 1, Duration.ofSeconds(10), Duration.ofSeconds(20), Map.of());
    documents = new DocumentResources(DocumentDatabase.embedded(documentsDir, 2),
        TenantCredentials.developmentDefault(), new DocumentLimits(4096), Pseudonymizer.unkeyed());
    server = IngestServer.start(IngestServerSettings.local(0, KAFKA.bootstrapServers()).withKafka(kafka),
        StatementStore.NONE, documents, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  @AfterEach
  void stop() {
    server.close();
    documents.close();
  }

  @Test
  void aBatchIsWrittenSealedWithOneLearnerRecordPerActorAndNoAddressInTheClear() throws Exception {
    String batch = "[" + StatementBatchPreparerTest.statement("ana@school.example", "answered") + ","
        + StatementBatchPreparerTest.statement("bo@school.example", "answered") + ","
        + StatementBatchPreparerTest.statement("ana@school.example", "completed") + "]";

    HttpResponse<String> posted = IngestServerHttpTest.call(server, "POST", "statements", DEMO, batch);

    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    List<ConsumerRecord<byte[], byte[]>> written = readAll(3);
    assertThat(written).hasSize(3);
    assertThat(written).allSatisfy(r -> {
      assertThat(SealedStatements.recordOf(r.headers())).isNotNull();
      assertThat(new String(r.value(), StandardCharsets.ISO_8859_1)).doesNotContain("school.example");
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).doesNotContain("school.example");
    });
    List<String> records = written.stream().map(r -> SealedStatements.recordOf(r.headers())).toList();
    assertThat(records.get(0)).isEqualTo(records.get(2)).isNotEqualTo(records.get(1));
  }

  @Test
  void whenTheRecordStoreDoesNotAnswerTheRequestIs503AndNothingIsWritten() throws Exception {
    documents.database().close();

    HttpResponse<String> posted = IngestServerHttpTest.call(server, "POST", "statements", DEMO,
        StatementBatchPreparerTest.statement("ana@school.example", "answered"));

    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(503);
    assertThat(posted.body()).contains("learner record store").doesNotContain("ana@school.example");
    assertThat(readAll(0)).isEmpty();
  }

  @Test
  void aBatchWithAStatementDatedBeforeItsActorsErasureIs400NamingItAndNothingIsWritten() throws Exception {
    LearnerRecordStore records = documents.records().orElseThrow();
    records.resolve("demo", ActorIdentifier.mbox("mailto:ana@school.example").canonical());
    assertThat(records.erasePerson("demo", ActorIdentifier.mbox("mailto:ana@school.example"))).hasSize(1);
    String afterwards = dated(StatementBatchPreparerTest.statement("ana@school.example", "completed"),
        Instant.now().plusSeconds(5));
    String backDated = dated(StatementBatchPreparerTest.statement("ana@school.example", "answered"),
        Instant.now().minusSeconds(3600));

    HttpResponse<String> refused = IngestServerHttpTest.call(server, "POST", "statements", DEMO,
        "[" + afterwards + "," + backDated + "]");

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body()).contains("\"$[1].timestamp\"", "timestamp.after-erasure")
        .doesNotContain("$[0]").doesNotContain("ana@school.example");
    assertThat(readAll(0)).isEmpty();

    HttpResponse<String> accepted = IngestServerHttpTest.call(server, "POST", "statements", DEMO, afterwards);

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    assertThat(readAll(1)).hasSize(1);
  }

  private static String dated(String statement, Instant timestamp) {
    return statement.substring(0, statement.lastIndexOf('}')) + ",\"timestamp\":\"" + timestamp + "\"}";
  }

  /**
   * Every committed record, waiting for at least {@code expected}: a 200 follows the commit, but the partition's
   * commit marker, which makes the records readable, may be written a moment later.
   */
  private List<ConsumerRecord<byte[], byte[]>> readAll(int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while ((out.size() < expected || consumer.position(partition) < consumer.endOffsets(List.of(partition))
          .get(partition)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
