package org.learnstream.jobs.warning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.warning.ClassPattern;
import org.learnstream.pipeline.warning.ClassPatternSettings;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.AlertStatus;
import org.learnstream.schemas.LearningEvent;

class ClassAlertsTest {

  private static final Instant MONDAY = Instant.parse("2026-03-02T09:00:00Z");
  private static final Instant FRIDAY = MONDAY.plus(Duration.ofDays(4));
  private static final Instant NEXT_TUESDAY = MONDAY.plus(Duration.ofDays(8));
  private static final int CLASS = 10;

  private KeyedBroadcastOperatorTestHarness<String, Either<LearningEvent, Alert>, ErasureRequest, Alert> harness;
  private final ClassroomAnswers answers = new ClassroomAnswers();

  @BeforeEach
  void start() throws Exception {
    harness = ClassAlertsHarness.open(null);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void theActEscalationsOfAClassAwayAtOnceAreWithheldAndThePatternIsReported() throws Exception {
    for (int i = 0; i < CLASS; i++) {
      send(answer("p" + i, MONDAY));
    }
    for (int i = 0; i < CLASS; i++) {
      alert(inactivity("p" + i, 1, FRIDAY), FRIDAY);
    }
    alert(inactivity("p0", 2, NEXT_TUESDAY), NEXT_TUESDAY);

    List<Alert> passed = harness.extractOutputValues();
    assertThat(passed).hasSize(CLASS).allSatisfy(a -> assertThat(a.getVersion()).isEqualTo(1L));
    List<ClassPattern> patterns = harness.getSideOutput(ClassAlerts.PATTERNS).stream()
        .map(StreamRecord::getValue).toList();
    assertThat(patterns).isNotEmpty();
    assertThat(patterns.get(0).alertedLearners()).isEqualTo(CLASS / 2);
    assertThat(patterns.get(patterns.size() - 1).alertedLearners()).isEqualTo(CLASS);
    assertThat(patterns).allSatisfy(p -> assertThat(p.rule()).isEqualTo("inactivity"));
  }

  @Test
  void theActEscalationOfOneLearnerOfAnActiveClassGoesOn() throws Exception {
    for (int i = 0; i < CLASS; i++) {
      send(answer("p" + i, MONDAY));
    }
    alert(inactivity("p0", 1, FRIDAY), FRIDAY);
    alert(inactivity("p0", 2, NEXT_TUESDAY), NEXT_TUESDAY);

    assertThat(harness.extractOutputValues()).extracting(Alert::getVersion).containsExactly(1L, 2L);
    assertThat(harness.getSideOutput(ClassAlerts.PATTERNS)).isNullOrEmpty();
  }

  @Test
  void aClassStateAndItsTimerAreDroppedOnceTheWindowHasPassed() throws Exception {
    send(answer("p0", MONDAY));
    alert(inactivity("p0", 1, FRIDAY), FRIDAY);
    assertThat(ClassAlertsHarness.keysWith(harness, "class-warnings")).isPositive();
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);

    long window = Duration.ofDays(ClassPatternSettings.defaults().windowDays()).toMillis();
    harness.processWatermark(new Watermark(FRIDAY.toEpochMilli() + window + 1));

    assertThat(ClassAlertsHarness.keysWith(harness, "class-warnings")
        + ClassAlertsHarness.keysWith(harness, "class-expiry-timer")).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  private void send(LearningEvent e) throws Exception {
    harness.processElement(new StreamRecord<>(Either.Left(e), e.getTimestamp().toEpochMilli()));
  }

  private void alert(Alert a, Instant at) throws Exception {
    harness.processElement(new StreamRecord<>(Either.Right(a), at.toEpochMilli()));
  }

  private LearningEvent answer(String learner, Instant at) {
    return answers.answer(learner, at, true);
  }

  private static Alert inactivity(String learner, long version, Instant at) {
    return Alert.newBuilder().setAlertId("a-" + learner).setTenant("t1").setLearner(learner)
        .setCourse("https://example.org/courses/maths").setSection("https://example.org/sections/1")
        .setRule("inactivity").setSeverity("warning").setTier(version == 2 ? "act" : "caution")
        .setStatus(AlertStatus.RAISED).setEpisode(FRIDAY.toEpochMilli()).setEvidence("{}").setRaisedAt(FRIDAY)
        .setVersion(version).build();
  }
}
