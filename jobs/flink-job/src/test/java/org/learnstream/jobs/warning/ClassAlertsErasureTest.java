package org.learnstream.jobs.warning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.warning.ClassPattern;
import org.learnstream.pipeline.warning.ClassPatternSettings;
import org.learnstream.pipeline.warning.ClassWarnings;
import org.learnstream.pipeline.warning.ClassWarningsCodec;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.AlertStatus;
import org.learnstream.schemas.LearningEvent;

/**
 * An erasure ledger entry reaching the class-wide patterns' operator: the learner leaves every class of the subtask,
 * whichever they were in, and nobody else does; the patterns are counted without them and the timers drain.
 */
class ClassAlertsErasureTest {

  private static final Instant MONDAY = Instant.parse("2026-03-02T09:00:00Z");
  private static final Instant FRIDAY = MONDAY.plus(Duration.ofDays(4));
  private static final Instant ERASED_AT = FRIDAY.plus(Duration.ofHours(1));
  private static final String MATHS_1 = "https://example.org/sections/1";
  private static final String MATHS_2 = "https://example.org/sections/2";
  private static final long WINDOW = Duration.ofDays(ClassPatternSettings.defaults().windowDays()).toMillis();

  private final ClassroomAnswers answers = new ClassroomAnswers();

  @Test
  void anErasureForgetsTheLearnerInEveryClassAndTheNextPatternIsCountedWithoutThem() throws Exception {
    try (var h = ClassAlertsHarness.open(null)) {
      for (int i = 0; i < 10; i++) {
        send(h, answer("t1", "p" + i, MATHS_1, MONDAY));
      }
      send(h, answer("t1", "p0", MATHS_2, MONDAY));
      send(h, answer("t1", "q1", MATHS_2, MONDAY));
      send(h, answer("t2", "p0", MATHS_1, MONDAY)); // the same pseudonym in another school is someone else
      for (int i = 0; i < 5; i++) {
        alert(h, inactivity("t1", "p" + i, FRIDAY), FRIDAY);
      }
      assertThat(patterns(h)).extracting(ClassPattern::alertedLearners).containsExactly(5);

      erase(h, "t1", "p0");

      assertThat(classesKnowing(h, "p0")).as("the classes that still know t1's p0").containsOnlyKeys("t2|"
          + "https://example.org/courses/maths|" + MATHS_1);
      assertThat(classesKnowing(h, "q1")).hasSize(1);
      assertThat(classesKnowing(h, "p1")).hasSize(1);
      alert(h, inactivity("t1", "p5", FRIDAY.plusSeconds(7200)), FRIDAY.plusSeconds(7200));
      ClassPattern last = patterns(h).get(patterns(h).size() - 1);
      assertThat(last.alertedLearners()).as("p1 to p5, without p0").isEqualTo(5);
      assertThat(last.classLearners()).isEqualTo(9);
    }
  }

  @Test
  void theErasedLearnersEventsAndAlertsStillOnTheirWayAreDroppedAndLaterOnesCount() throws Exception {
    try (var h = ClassAlertsHarness.open(null)) {
      erase(h, "t1", "p0");

      send(h, answer("t1", "p0", MATHS_1, FRIDAY));
      alert(h, inactivity("t1", "p0", FRIDAY), FRIDAY);
      assertThat(h.extractOutputValues()).as("the alert dated before the erasure goes nowhere").isEmpty();
      assertThat(classesKnowing(h, "p0")).isEmpty();

      Instant after = ERASED_AT.plusSeconds(60);
      send(h, answer("t1", "p0", MATHS_1, after));
      assertThat(classesKnowing(h, "p0")).as("a statement after the erasure starts them afresh").hasSize(1);
    }
  }

  @Test
  void aClassLeftEmptyByTheErasureIsDroppedWhenItsTimerFires() throws Exception {
    try (var h = ClassAlertsHarness.open(null)) {
      send(h, answer("t1", "p0", MATHS_1, MONDAY));
      alert(h, inactivity("t1", "p0", FRIDAY), FRIDAY);
      assertThat(h.numEventTimeTimers()).isEqualTo(1);

      erase(h, "t1", "p0");
      assertThat(classesKnowing(h, "p0")).isEmpty();
      h.processWatermark(new Watermark(FRIDAY.toEpochMilli() + WINDOW + 1));

      assertThat(
          ClassAlertsHarness.keysWith(h, "class-warnings") + ClassAlertsHarness.keysWith(h, "class-expiry-timer"))
          .isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  /**
   * The class state of the operator as the job ran it before the erasure reached it (two keyed inputs): a snapshot of
   * that operator, taken by the build before this one, restores into the broadcast-connected one, which then forgets.
   */
  @Test
  void aSnapshotOfTheOperatorBeforeItTookErasuresRestoresAndItsLearnersCanBeForgotten() throws Exception {
    try (var h = ClassAlertsHarness.open(OperatorSnapshotUtil.readStateHandle(
        "src/test/resources/snapshots/class-alerts-keyed-co-process.snapshot"))) {
      // restored: p0 to p9 in section 1, of whom p0 to p4 alerted on Friday, and p0 in section 2
      assertThat(classesKnowing(h, "p0")).hasSize(2);
      assertThat(h.numEventTimeTimers()).isEqualTo(2);

      erase(h, "t1", "p0");
      alert(h, inactivity("t1", "p5", FRIDAY.plusSeconds(7200)), FRIDAY.plusSeconds(7200));

      assertThat(classesKnowing(h, "p0")).isEmpty();
      assertThat(patterns(h)).last().satisfies(p -> {
        assertThat(p.alertedLearners()).isEqualTo(5);
        assertThat(p.classLearners()).isEqualTo(9);
      });
      h.processWatermark(new Watermark(FRIDAY.toEpochMilli() + 7200_000 + WINDOW + 1));
      assertThat(
          ClassAlertsHarness.keysWith(h, "class-warnings") + ClassAlertsHarness.keysWith(h, "class-expiry-timer"))
          .isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  /** The classes (keys) whose state knows the learner: forgetting them in a copy finds them. */
  private static Map<String, ClassWarnings> classesKnowing(
      KeyedBroadcastOperatorTestHarness<String, Either<LearningEvent, Alert>, ErasureRequest, Alert> h, String learner)
      throws Exception {
    Map<String, ClassWarnings> knowing = new HashMap<>();
    h.getOperator().<String>getKeyedStateBackend().applyToAllKeys(VoidNamespace.INSTANCE,
        VoidNamespaceSerializer.INSTANCE,
        ClassAlerts.CLASS_WARNINGS, (key, state) -> {
          ClassWarnings c = state.value();
          if (c != null && ClassWarningsCodec.copy(c).forget(learner)) {
            knowing.put(key, c);
          }
        });
    return knowing;
  }

  private static List<ClassPattern> patterns(
      KeyedBroadcastOperatorTestHarness<String, Either<LearningEvent, Alert>, ErasureRequest, Alert> h) {
    var out = h.getSideOutput(ClassAlerts.PATTERNS);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
  }

  private static void erase(
      KeyedBroadcastOperatorTestHarness<String, Either<LearningEvent, Alert>, ErasureRequest, Alert> h, String tenant,
      String learner) throws Exception {
    h.processBroadcastElement(ErasureRequest.of("erasure-1", tenant, learner, ERASED_AT), ERASED_AT.toEpochMilli());
  }

  private static void send(
      KeyedBroadcastOperatorTestHarness<String, Either<LearningEvent, Alert>, ErasureRequest, Alert> h, LearningEvent e)
      throws Exception {
    h.processElement(new StreamRecord<>(Either.Left(e), e.getTimestamp().toEpochMilli()));
  }

  private static void alert(
      KeyedBroadcastOperatorTestHarness<String, Either<LearningEvent, Alert>, ErasureRequest, Alert> h, Alert a,
      Instant at) throws Exception {
    h.processElement(new StreamRecord<>(Either.Right(a), at.toEpochMilli()));
  }

  private LearningEvent answer(String tenant, String learner, String section, Instant at) {
    return LearningEvent.newBuilder(answers.answer(learner, at, true)).setTenant(tenant).setSection(section).build();
  }

  private static Alert inactivity(String tenant, String learner, Instant at) {
    return Alert.newBuilder().setAlertId("a-" + learner).setTenant(tenant).setLearner(learner)
        .setCourse("https://example.org/courses/maths").setSection(MATHS_1).setRule("inactivity")
        .setSeverity("warning").setTier("caution").setStatus(AlertStatus.RAISED).setEpisode(at.toEpochMilli())
        .setEvidence("{}").setRaisedAt(at).setVersion(1).build();
  }
}
