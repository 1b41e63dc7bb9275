package org.learnstream.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.KafkaExtension;

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

    long first = ledger.append(new ErasureRequest("e-1", "school", "ana", T));
    long second = ledger.append(new ErasureRequest("e-2", "school", "ben", T));
    ledger.append(new ErasureRequest("e-3", "school", "ana", T.plusSeconds(60)));

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

    assertThatThrownBy(() -> ledger.recordAndAwait(new ErasureRequest("e-1", "school", "ana", T), "no-such-job",
        Duration.ofSeconds(1))).isInstanceOf(ErasureLedger.NotApplied.class)
        .hasMessageContaining("consumer group no-such-job has committed nothing").hasMessageContaining("--without-job");
  }

  @Test
  void aRetriedErasureGoesOnWithTheLearnersUnfinishedEntryInsteadOfAppendingAnother() {
    String topic = "learner.erasures-" + UUID.randomUUID();
    ErasureLedger ledger = new ErasureLedger(KAFKA.bootstrapServers(), topic);
    long first = ledger.append(new ErasureRequest("e-1", "school", "ana", T));

    ErasureLedger.Recorded retried = ledger.recordOrResume(new ErasureRequest("e-2", "school", "ana",
        T.plusSeconds(600)), request -> false, null, Duration.ofSeconds(1));

    assertThat(retried.request()).isEqualTo(new ErasureRequest("e-1", "school", "ana", T));
    assertThat(retried.jobState()).contains("entry " + first + " of " + topic).contains("did not complete");
    assertThat(ledger.append(new ErasureRequest("e-9", "school", "zoe", T))).as("the next offset")
        .isEqualTo(first + 1);
  }

  @Test
  void anErasureOfALearnerWhoseEarlierErasureCompletedAppendsANewEntry() {
    ErasureLedger ledger = new ErasureLedger(KAFKA.bootstrapServers(), "learner.erasures-" + UUID.randomUUID());
    ledger.append(new ErasureRequest("e-1", "school", "ana", T));
    ErasureRequest again = new ErasureRequest("e-2", "school", "ana", T.plusSeconds(600));

    ErasureLedger.Recorded recorded = ledger.recordOrResume(again, request -> request.erasureId().equals("e-1"), null,
        Duration.ofSeconds(1));

    assertThat(recorded.request()).isEqualTo(again);
    assertThat(ledger.entries()).containsExactly(again);
  }

  @Test
  void aNewErasureOfALearnerKeepsTheStatementsOfOthersTheEarlierOneNamedSinceCompactionKeepsOnlyTheLatest() {
    ErasureLedger ledger = new ErasureLedger(KAFKA.bootstrapServers(), "learner.erasures-" + UUID.randomUUID());
    ledger.append(new ErasureRequest("e-1", "school", "ana", T, List.of("s-1", "s-2")));

    ErasureLedger.Recorded recorded = ledger.recordOrResume(new ErasureRequest("e-2", "school", "ana",
        T.plusSeconds(600), List.of("s-2", "s-3")), request -> true, null, Duration.ofSeconds(1));

    assertThat(recorded.request().statementIds()).containsExactly("s-2", "s-3", "s-1");
    assertThat(ledger.entries()).containsExactly(recorded.request());
  }

  @Test
  void anEntryNamingStatementsOfOthersReadsBackAsWrittenAndOneWithoutThemNamesNone() {
    ErasureRequest named = new ErasureRequest("e-1", "school", "ana", T, List.of("s-1", "s-2"));

    assertThat(ErasureRequest.fromJson(named.toJson())).isEqualTo(named);
    assertThat(ErasureRequest.fromJson(new ErasureRequest("e-2", "school", "ana", T).toJson()).statementIds())
        .isEmpty();
    assertThatThrownBy(() -> ErasureRequest.fromJson(("{\"erasureId\":\"e\",\"tenant\":\"t\",\"pseudonym\":\"p\","
        + "\"requestedAt\":\"" + T + "\",\"statementIds\":\"s-1\"}").getBytes()))
        .hasMessageContaining("field statementIds must be an array of strings");
  }

  @Test
  void waitingForAJobThatNeverAppliesAnUnfinishedEntryEndsAfterTheTimeoutAsAFirstAttemptDoes() {
    ErasureLedger ledger = new ErasureLedger(KAFKA.bootstrapServers(), "learner.erasures-" + UUID.randomUUID());
    ledger.append(new ErasureRequest("e-1", "school", "ana", T));

    assertThatThrownBy(() -> ledger.recordOrResume(new ErasureRequest("e-2", "school", "ana", T), request -> false,
        "no-such-job", Duration.ofSeconds(1))).isInstanceOf(ErasureLedger.NotApplied.class)
        .hasMessageContaining("the erasure is at offset 0");
  }

  @Test
  void aLedgerValueThatIsNotAnEntryNamesTheField() {
    assertThatThrownBy(() -> ErasureRequest.fromJson("{\"erasureId\":\"e\",\"tenant\":\"t\"}".getBytes()))
        .hasMessageContaining("field pseudonym must be a string");
  }
}
