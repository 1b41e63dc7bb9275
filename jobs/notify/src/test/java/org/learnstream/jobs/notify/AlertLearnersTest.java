package org.learnstream.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.RecordFinder;
import org.learnstream.pipeline.kafka.RecordNamed;
import org.learnstream.schemas.Alert;

class AlertLearnersTest {

  private static final String TENANT = "school-north";

  private final LearnerRecord ana = record();
  private final RecordFinder held = (tenant, id) -> tenant.equals(TENANT)
      ? Optional.ofNullable(Map.of(ana.id(), ana).get(id))
      : Optional.empty();

  @Test
  void anAlertTheJobNamedByRecordIsDeliveredUnderTheRecordsPseudonym() throws Exception {
    Alert raised = alert(ana.pseudonym());

    Optional<Alert> named = AlertLearners.from(held).named(RecordNamed.byRecord(raised, ana.id()));

    assertThat(named).hasValueSatisfying(a -> {
      assertThat(a.getLearner()).isEqualTo(ana.pseudonym());
      assertThat(a.getAlertId()).isEqualTo(raised.getAlertId());
    });
  }

  @Test
  void anAlertOfALearnerErasedSinceIsNotDelivered() throws Exception {
    Alert ofErased = RecordNamed.byRecord(alert("0123456789abcdef0123456789abcdef"), UUID.randomUUID());

    assertThat(AlertLearners.from(held).named(ofErased)).isEmpty();
  }

  @Test
  void anAlertThatNamesItsLearnerByPseudonymIsTakenAsItIs() throws Exception {
    Alert byPseudonym = alert("fedcba9876543210fedcba9876543210");

    assertThat(AlertLearners.from(held).named(byPseudonym)).containsSame(byPseudonym);
    assertThat(AlertLearners.WITHOUT_RECORDS.named(byPseudonym)).containsSame(byPseudonym);
  }

  @Test
  void aNotifierWithoutTheRecordsRefusesAnAlertNamedByRecordAndSaysWhatItNeeds() {
    Alert byRecord = RecordNamed.byRecord(alert(ana.pseudonym()), ana.id());

    assertThatThrownBy(() -> AlertLearners.WITHOUT_RECORDS.named(byRecord)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("documents.url");
  }

  private static Alert alert(String learner) {
    return Alert.newBuilder().setAlertId("a-1").setTenant(TENANT).setLearner(learner).setRule("failure_streak")
        .setSeverity("warning").setEpisode(1L).setEvidence("{\"consecutive_failures\":5}")
        .setRaisedAt(Instant.parse("2026-12-01T10:00:00Z")).setVersion(1L).build();
  }

  private static LearnerRecord record() {
    byte[] key = new byte[LearnerRecord.KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return new LearnerRecord(TENANT, UUID.randomUUID(), "0a1b2c3d4e5f60718293a4b5c6d7e8f9", key,
        Instant.parse("2026-12-01T00:00:00Z"));
  }
}
