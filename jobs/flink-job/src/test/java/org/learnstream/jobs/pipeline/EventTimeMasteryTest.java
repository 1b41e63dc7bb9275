package org.learnstream.jobs.pipeline;

import org.apache.flink.types.Either;
import org.learnstream.pipeline.kafka.ErasureRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.mastery.MasteryConfig;
import org.learnstream.pipeline.mastery.SkillParameterSet;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;
import org.learnstream.schemas.SkillParameters;

class EventTimeMasteryTest extends PipelineTestBase {

  private static final Duration HOLD = Duration.ofSeconds(1);

  private KeyedBroadcastOperatorTestHarness<String, LearningEvent, Either<SkillParameters, ErasureRequest>, MasteryUpdate> harness;

  @AfterEach
  void closeHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aResponseWaitsForTheWatermarkAtMostTheHold() throws Exception {
    start(8);
    send(response("a", T1, true));
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.setProcessingTime(HOLD.toMillis());

    assertThat(harness.extractOutputValues()).extracting(MasteryUpdate::getStatementId).containsExactly("a");
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void whileInputKeepsArrivingAnAnswerWaitsForTheWatermarkNotForTheHold() throws Exception {
    start(8);
    send(response("a", T1, true));
    harness.setProcessingTime(900);
    send(response("other-learner", SKILL, "b", T2, true)); // input still flowing: a might have an older answer behind

    harness.setProcessingTime(HOLD.toMillis());
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.setProcessingTime(900 + HOLD.toMillis());
    assertThat(harness.extractOutputValues()).extracting(MasteryUpdate::getStatementId).containsExactlyInAnyOrder("a",
        "b");
  }

  @Test
  void responsesTheWatermarkHasPassedAreAppliedAtOnceAndEndWithTheRowsOfEventTimeOrder() throws Exception {
    start(8);
    sendBehindTheWatermark(T4, response("c", T3, true), response("a", T1, false), response("b", T2, true));
    Map<String, MasteryUpdate> shuffled = newestRevisions(harness.extractOutputValues());
    harness.close();

    start(8);
    send(response("a", T1, false));
    send(response("b", T2, true));
    send(response("c", T3, true));
    harness.processWatermark(T4.toEpochMilli());
    Map<String, MasteryUpdate> ordered = newestRevisions(harness.extractOutputValues());

    assertThat(shuffled.values()).extracting(MasteryUpdate::getSequence).containsExactlyInAnyOrder(1, 2, 3);
    for (String id : List.of("a", "b", "c")) {
      assertThat(shuffled.get(id).getSequence()).isEqualTo(ordered.get(id).getSequence());
      assertThat(shuffled.get(id).getPKnownAfter()).isEqualTo(ordered.get(id).getPKnownAfter());
      assertThat(shuffled.get(id).getRevision()).as("revision of %s", id).isEqualTo(ordered.get(id).getRevision());
    }
    assertThat(harness.getSideOutput(SideOutputs.LATE_EVENTS)).isNullOrEmpty();
  }

  @Test
  void anInsertedResponseReEmitsEveryLaterOneAboveItsEarlierRowAndTheNewestOutranksAll() throws Exception {
    start(8);
    sendBehindTheWatermark(T4, response("b", T2, true), response("c", T3, true), response("a", T1, false));

    List<MasteryUpdate> updates = harness.extractOutputValues();
    assertThat(updates).extracting(MasteryUpdate::getStatementId).containsExactly("b", "c", "a", "b", "c");
    assertThat(updates.get(3).getRevision()).isGreaterThan(updates.get(0).getRevision());
    assertThat(updates.get(4).getRevision()).isGreaterThan(updates.get(1).getRevision());
    assertThat(updates.get(4).getSequence()).isEqualTo(3);
    assertThat(updates).extracting(MasteryUpdate::getRevision).allMatch(r -> r <= updates.get(4).getRevision());
  }

  @Test
  void responsesAtTheSameInstantAreAppliedInStatementIdOrder() throws Exception {
    start(8);
    send(response("z", T1, true));
    send(response("m", T1, false));

    harness.processWatermark(T1.toEpochMilli());

    assertThat(harness.extractOutputValues()).extracting(MasteryUpdate::getStatementId).containsExactly("m", "z");
  }

  @Test
  void aResponseOlderThanEveryKeptOneOnceOlderOnesWereFoldedInIsLateAndNotApplied() throws Exception {
    start(2);
    // b is folded into the estimate when d is applied
    sendBehindTheWatermark(T4, response("b", T2, true), response("c", T3, true), response("d", T4, true));

    send(response("a", T1, true));

    assertThat(harness.extractOutputValues()).extracting(MasteryUpdate::getStatementId).containsExactly("b", "c", "d");
    assertThat(harness.getSideOutput(SideOutputs.LATE_EVENTS))
        .extracting(record -> record.getValue().getStatementId()).containsExactly("a");
  }

  @Test
  void aWatermarkCarriedAheadByAFastClockMakesNoOtherAnswerLateAndTheFastOneWaitsOnlyTheHold() throws Exception {
    start(8);
    Instant ahead = T1.plus(Duration.ofMinutes(14));
    send(response("fast-clock", SKILL, "ahead", ahead, true));
    harness.processWatermark(ahead.minusSeconds(30).toEpochMilli()); // its partition's watermark, as the source gives
    for (int i = 0; i < 5; i++) {
      send(response("learner-" + i, SKILL, "now-" + i, T1, i % 2 == 0));
    }
    send(response("fast-clock", SKILL, "fast-own-skill", T1, true));

    harness.setProcessingTime(HOLD.toMillis());

    List<MasteryUpdate> updates = harness.extractOutputValues();
    assertThat(updates).extracting(MasteryUpdate::getStatementId)
        .containsExactly("now-0", "now-1", "now-2", "now-3", "now-4", "fast-own-skill", "ahead");
    assertThat(updates).extracting(MasteryUpdate::getSequence).containsExactly(1, 1, 1, 1, 1, 1, 2);
    assertThat(harness.getSideOutput(SideOutputs.LATE_EVENTS)).isNullOrEmpty();
  }

  @Test
  void onceReleasedOnlyTheEstimateAndHistoryRemainInStatePerKey() throws Exception {
    start(8);
    send(response("a", T1, true));
    send(response("b", T2, false));
    send(response(LEARNER, "decimals", "c", T3, true));

    harness.setProcessingTime(HOLD.toMillis());

    assertThat(harness.extractOutputValues()).hasSize(3);
    assertThat(harness.numEventTimeTimers()).isZero();
    // the "mastery" value (estimate and history) per key, two keys; the "pending" buffer holds nothing
    assertThat(keyedStateEntries()).isEqualTo(2);
  }

  /** Per statement id, the row of the highest revision: what mastery_updates holds after FINAL. */
  private static Map<String, MasteryUpdate> newestRevisions(List<MasteryUpdate> updates) {
    Map<String, MasteryUpdate> newest = new LinkedHashMap<>();
    for (MasteryUpdate u : updates) {
      newest.merge(u.getStatementId(), u, (a, b) -> a.getRevision() >= b.getRevision() ? a : b);
    }
    return newest;
  }

  private void start(int voidWindow) throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new EventTimeMastery(MasteryConfig.defaults(), SkillParameterSet.defaultsOnly(), voidWindow, HOLD),
        SkillFanOut::key, Types.STRING, EventTimeMastery.PARAMETERS, ErasedLearners.STATE);
    // the parameter input never holds back event time, as in the job
    harness.processBroadcastWatermark(Long.MAX_VALUE);
  }

  private int keyedStateEntries() {
    KeyedStateBackend<Object> backend = ((AbstractStreamOperator<?>) harness.getTwoInputOperator())
        .getKeyedStateBackend();
    return ((HeapKeyedStateBackend<Object>) backend).numKeyValueStateEntries();
  }

  private void sendBehindTheWatermark(Instant watermark, LearningEvent... responses) throws Exception {
    harness.processWatermark(watermark.toEpochMilli());
    for (LearningEvent response : responses) {
      send(response);
    }
  }

  private void send(LearningEvent event) throws Exception {
    harness.processElement(new StreamRecord<>(event, event.getTimestamp().toEpochMilli()));
  }
}
