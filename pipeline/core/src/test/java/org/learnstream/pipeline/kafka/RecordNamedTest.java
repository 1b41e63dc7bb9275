package org.learnstream.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.MasteryUpdate;

class RecordNamedTest {

  private static final String PSEUDONYM = "0123456789abcdef0123456789abcdef";
  private static final UUID RECORD = UUID.fromString("6f1c2a4e-8d0b-4f3a-9c5e-2b7d1e0f4a83");

  @Test
  void aMasteryUpdateNamedByItsRecordHoldsNoPseudonymAndIsKeyedByTheRecord() {
    MasteryUpdate update = update();

    MasteryUpdate named = RecordNamed.byRecord(update, RECORD);

    assertThat(named.getLearner()).isEmpty();
    assertThat(named.getLearnerRecord()).isEqualTo(RECORD.toString());
    assertThat(named.toString()).doesNotContain(PSEUDONYM);
    assertThat(RecordKeys.masteryUpdate(named)).isEqualTo("school-north|record:" + RECORD + "|fractions");
    assertThat(RecordNamed.namedByRecord(named)).isTrue();
    assertThat(RecordNamed.recordOf(named)).isEqualTo(RECORD);
  }

  @Test
  void namingByRecordCopiesAndLeavesTheRecordTheJobGoesOnWithAsItWas() {
    MasteryUpdate update = update();

    RecordNamed.byRecord(update, RECORD);

    assertThat(update.getLearner()).isEqualTo(PSEUDONYM);
    assertThat(update.getLearnerRecord()).isNull();
    assertThat(RecordNamed.namedByRecord(update)).isFalse();
    assertThat(RecordKeys.masteryUpdate(update)).isEqualTo("school-north|" + PSEUDONYM + "|fractions");
  }

  @Test
  void anAlertReadBackGetsTheRecordsPseudonymAndIsAsTheJobRaisedIt() {
    Alert alert = alert();
    Alert named = RecordNamed.byRecord(alert, RECORD);
    assertThat(RecordKeys.alert(named)).isEqualTo("school-north|record:" + RECORD);

    Alert read = RecordNamed.withPseudonym(named, PSEUDONYM);

    assertThat(read.getLearner()).isEqualTo(PSEUDONYM);
    assertThat(RecordKeys.alert(read)).isEqualTo(RecordKeys.alert(alert));
    alert.setLearnerRecord(RECORD.toString());
    assertThat(read).as("the record's id kept beside the pseudonym").isEqualTo(alert);
  }

  @Test
  void aRecordThatNamesNoLearnerRecordHasNoneToGive() {
    assertThatThrownBy(() -> RecordNamed.recordOf(alert())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Alert names no learner record");
  }

  private static MasteryUpdate update() {
    return MasteryUpdate.newBuilder().setTenant("school-north").setLearner(PSEUDONYM).setSkill("fractions")
        .setStatementId("s-1").setEventTime(Instant.parse("2026-12-01T10:00:00Z")).setSequence(1).setCorrect(true)
        .setPKnownBefore(0.3).setPCorrectPredicted(0.5).setPKnownAfter(0.6).setMastered(false).setAttempts(1)
        .setCorrectCount(1).setRecentAccuracy(1.0).setRecentWindow(10).setTrend(0.0).setModelVersion("bkt:defaults")
        .setRevision(1L).build();
  }

  private static Alert alert() {
    return Alert.newBuilder().setAlertId("a-1").setTenant("school-north").setLearner(PSEUDONYM)
        .setRule("failure_streak").setSeverity("warning").setEpisode(1L).setEvidence("{\"consecutive_failures\":5}")
        .setRaisedAt(Instant.parse("2026-12-01T10:00:00Z")).setVersion(1L).build();
  }
}
