package org.learnstream.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.KafkaExtension;
import org.learnstream.pipeline.xapi.LearnerDigest;

/** The erasure ledger on a real broker: appended entries read back, the latest per learner, no job waited for. */
class ErasureLedgerTest {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  void aLedgerNobodyWroteToHoldsNoEntryAndReadingItCreatesNoTopic() throws Exception {
    String topic = "learner.erasures-" + UUID.randomUUID();

    assertThat(new ErasureLedger(KAFKA.bootstrapServers(), topic).entries()).isEmpty();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      assertThat(admin.listTopics().names().get()).doesNotContain(topic);
    }
  }

  @Test
  void appendedEntriesAreReadBackTheLatestPerLearnerOnACompactedTopic() throws Exception {
    String topic = "learner.erasures-" + UUID.randomUUID();
    ErasureLedger ledger = new ErasureLedger(KAFKA.bootstrapServers(), topic);

    long first = ledger.append(ErasureRequest.of("e-1", "school", "ana", T));
    long second = ledger.append(ErasureRequest.of("e-2", "school", "ben", T));
    ledger.append(ErasureRequest.of("e-3", "school", "ana", T.plusSeconds(60)));

    assertThat(second).isEqualTo(first + 1);
    assertThat(ledger.entries()).extracting(ErasureRequest::erasureId).containsExactlyInAnyOrder("e-3", "e-2");
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      assertThat(admin.describeConfigs(java.util.List.of(resource)).all().get().get(resource).get("cleanup.policy")
          .value()).isEqualTo("compact");
    }
  }

  @Test
  void waitingForAJobThatNeverReadsTheLedgerEndsAfterTheTimeoutNamingTheWayOut() {
    ErasureLedger ledger = new ErasureLedger(KAFKA.bootstrapServers(), "learner.erasures-" + UUID.randomUUID());

    assertThatThrownBy(() -> ledger.recordAndAwait(ErasureRequest.of("e-1", "school", "ana", T), "no-such-job",
        Duration.ofSeconds(1))).isInstanceOf(ErasureLedger.NotApplied.class)
        .hasMessageContaining("consumer group no-such-job has committed nothing").hasMessageContaining("--without-job");
  }

  @Test
  void aRetriedErasureGoesOnWithTheLearnersUnfinishedEntryInsteadOfAppendingAnother() {
    String topic = "learner.erasures-" + UUID.randomUUID();
    ErasureLedger ledger = new ErasureLedger(KAFKA.bootstrapServers(), topic);
    long first = ledger.append(ErasureRequest.of("e-1", "school", "ana", T));

    ErasureLedger.Recorded retried = ledger.recordOrResume(ErasureRequest.of("e-2", "school", "ana",
        T.plusSeconds(600)), request -> false, null, Duration.ofSeconds(1));

    assertThat(retried.request()).isEqualTo(ErasureRequest.of("e-1", "school", "ana", T));
    assertThat(retried.jobState()).contains("entry " + first + " of " + topic).contains("did not complete");
    assertThat(ledger.append(ErasureRequest.of("e-9", "school", "zoe", T))).as("the next offset")
        .isEqualTo(first + 1);
  }

  @Test
  void anErasureOfALearnerWhoseEarlierErasureCompletedAppendsANewEntry() {
    ErasureLedger ledger = new ErasureLedger(KAFKA.bootstrapServers(), "learner.erasures-" + UUID.randomUUID());
    ledger.append(ErasureRequest.of("e-1", "school", "ana", T));
    ErasureRequest again = ErasureRequest.of("e-2", "school", "ana", T.plusSeconds(600));

    ErasureLedger.Recorded recorded = ledger.recordOrResume(again, request -> request.erasureId().equals("e-1"), null,
        Duration.ofSeconds(1));

    assertThat(recorded.request()).isEqualTo(again);
    assertThat(ledger.entries()).containsExactly(again);
  }

  @Test
  void aNewErasureOfALearnerKeepsTheStatementsOfOthersTheEarlierOneNamedSinceCompactionKeepsOnlyTheLatest() {
    ErasureLedger ledger = new ErasureLedger(KAFKA.bootstrapServers(), "learner.erasures-" + UUID.randomUUID());
    ledger.append(ErasureRequest.of("e-1", "school", "ana", T).withStatements(List.of("s-1", "s-2")));

    ErasureLedger.Recorded recorded = ledger.recordOrResume(ErasureRequest.of("e-2", "school", "ana",
        T.plusSeconds(600)).withStatements(List.of("s-2", "s-3")), request -> true, null, Duration.ofSeconds(1));

    assertThat(recorded.request().statementIds()).containsExactly("s-2", "s-3", "s-1");
    assertThat(ledger.entries()).containsExactly(recorded.request());
  }

  @Test
  void anEntryNamingStatementsOfOthersReadsBackAsWrittenAndOneWithoutThemNamesNone() {
    ErasureRequest named = ErasureRequest.of("e-1", "school", "ana", T).withStatements(List.of("s-1", "s-2"));

    assertThat(ErasureRequest.fromJson(named.toJson())).isEqualTo(named);
    assertThat(ErasureRequest.fromJson(ErasureRequest.of("e-2", "school", "ana", T).toJson()).statementIds())
        .isEmpty();
    assertThatThrownBy(() -> ErasureRequest.fromJson(("{\"erasureId\":\"e\",\"tenant\":\"t\",\"pseudonym\":\"p\","
        + "\"requestedAt\":\"" + T + "\",\"statementIds\":\"s-1\"}").getBytes()))
        .hasMessageContaining("field statementIds must be an array of strings");
  }

  @Test
  void waitingForAJobThatNeverAppliesAnUnfinishedEntryEndsAfterTheTimeoutAsAFirstAttemptDoes() {
    ErasureLedger ledger = new ErasureLedger(KAFKA.bootstrapServers(), "learner.erasures-" + UUID.randomUUID());
    ledger.append(ErasureRequest.of("e-1", "school", "ana", T));

    assertThatThrownBy(() -> ledger.recordOrResume(ErasureRequest.of("e-2", "school", "ana", T), request -> false,
        "no-such-job", Duration.ofSeconds(1))).isInstanceOf(ErasureLedger.NotApplied.class)
        .hasMessageContaining("the erasure is at offset 0");
  }

  @Test
  void aLedgerValueThatIsNotAnEntryNamesTheField() {
    assertThatThrownBy(() -> ErasureRequest.fromJson("{\"erasureId\":\"e\",\"tenant\":\"t\"}".getBytes()))
        .hasMessageContaining("field learner must be a string");
    assertThatThrownBy(() -> new ErasureRequest("e", "t", "not-a-digest", T, List.of()))
        .hasMessageContaining("names its learner by LearnerDigest");
  }

  @Test
  void anEntryNamesTheLearnerByDigestAndNeverSpellsThePseudonym() {
    ErasureRequest request = ErasureRequest.of("e-1", "school", "ana-5f0c2a", T);

    assertThat(request.learner()).isEqualTo(LearnerDigest.of("school", "ana-5f0c2a"));
    assertThat(request.key()).isEqualTo("school|" + LearnerDigest.of("school", "ana-5f0c2a"));
    assertThat(new String(request.toJson(), StandardCharsets.UTF_8)).doesNotContain("ana-5f0c2a");
  }

  @Test
  void anEntryWrittenBeforeDigestsIsReadAsTheDigestAndWrittenAgainUnderItWhenTheNextErasureIsRecorded()
      throws Exception {
    String topic = "learner.erasures-" + UUID.randomUUID();
    ErasureLedger ledger = new ErasureLedger(KAFKA.bootstrapServers(), topic).ensureTopic();
    String legacy = "{\"erasureId\":\"e-1\",\"tenant\":\"school\",\"pseudonym\":\"ana-5f0c2a\","
        + "\"requestedAt\":\"" + T + "\",\"statementIds\":[\"s-1\"]}";
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new StringSerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, 0, "school|ana-5f0c2a", legacy.getBytes(StandardCharsets.UTF_8)))
          .get();
    }

    assertThat(ledger.entries()).containsExactly(ErasureRequest.of("e-1", "school", "ana-5f0c2a", T)
        .withStatements(List.of("s-1")));
    ledger.recordOrResume(ErasureRequest.of("e-2", "school", "ben", T), request -> true, null, Duration.ofSeconds(1));

    Map<String, String> latest = latestValues(topic);
    assertThat(latest).containsEntry("school|ana-5f0c2a", null)
        .containsKey("school|" + LearnerDigest.of("school", "ana-5f0c2a"));
    assertThat(latest.values()).filteredOn(Objects::nonNull).hasSize(2)
        .noneMatch(value -> value.contains("ana-5f0c2a"));
    assertThat(ledger.entries()).extracting(ErasureRequest::erasureId).containsExactlyInAnyOrder("e-1", "e-2");
    assertThat(ledger.rewriteLegacyEntries()).as("nothing left to rewrite").isZero();
  }

  /** The latest value per key on the topic, null for a tombstone. */
  private static Map<String, String> latestValues(String topic) {
    Map<String, String> latest = new LinkedHashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new StringDeserializer(),
        new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      while (consumer.position(partition) < end) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          latest.put(record.key(), record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
        }
      }
    }
    return latest;
  }
}
