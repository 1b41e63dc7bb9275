package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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

  private KeyedBroadcastOperatorTestHarness<String, LearningEvent, SkillParameters, MasteryUpdate> harness;

  @AfterEach
  void closeHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aResponseIsAppliedWhenItArrivesWithoutWaitingForAWatermark() throws Exception {
    start(8);
    send(response("a", T1, true));

    assertThat(harness.extractOutputValues()).extracting(MasteryUpdate::getStatementId).containsExactly("a");
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void responsesArrivingOutOfOrderEndWithTheRowsOfEventTimeOrder() throws Exception {
    start(8);
    send(response("c", T3, true));
    send(response("a", T1, false));
    send(response("b", T2, true));
    Map<String, MasteryUpdate> shuffled = newestRevisions(harness.extractOutputValues());
    harness.close();

    start(8);
    send(response("a", T1, false));
    send(response("b", T2, true));
    send(response("c", T3, true));
    Map<String, MasteryUpdate> ordered = newestRevisions(harness.extractOutputValues());

    assertThat(shuffled.values()).extracting(MasteryUpdate::getSequence).containsExactlyInAnyOrder(1, 2, 3);
    for (String id : List.of("a", "b", "c")) {
      assertThat(shuffled.get(id).getSequence()).isEqualTo(ordered.get(id).getSequence());
      assertThat(shuffled.get(id).getPKnownAfter()).isEqualTo(ordered.get(id).getPKnownAfter());
    }
    assertThat(harness.getSideOutput(SideOutputs.LATE_EVENTS)).isNullOrEmpty();
  }

  @Test
  void anInsertedResponseReEmitsEveryLaterOneWithAHigherRevisionAndTheNewestStaysCurrent() throws Exception {
    start(8);
    send(response("b", T2, true));
    send(response("c", T3, true));
    send(response("a", T1, false));

    List<MasteryUpdate> updates = harness.extractOutputValues();
    assertThat(updates).extracting(MasteryUpdate::getStatementId).containsExactly("b", "c", "a", "b", "c");
    assertThat(updates).extracting(MasteryUpdate::getRevision).isSorted().doesNotHaveDuplicates();
    assertThat(updates.get(4).getSequence()).isEqualTo(3);
  }

  @Test
  void responsesAtTheSameInstantAreOrderedByStatementId() throws Exception {
    start(8);
    send(response("z", T1, true));
    send(response("m", T1, false));

    Map<String, MasteryUpdate> newest = newestRevisions(harness.extractOutputValues());
    assertThat(newest.get("m").getSequence()).isEqualTo(1);
    assertThat(newest.get("z").getSequence()).isEqualTo(2);
  }

  @Test
  void aResponseOlderThanEveryKeptOneOnceOlderOnesWereFoldedInIsLateAndNotApplied() throws Exception {
    start(2);
    send(response("b", T2, true));
    send(response("c", T3, true));
    send(response("d", T4, true)); // b is folded into the estimate

    send(response("a", T1, true));

    assertThat(harness.extractOutputValues()).extracting(MasteryUpdate::getStatementId).containsExactly("b", "c", "d");
    assertThat(harness.getSideOutput(SideOutputs.LATE_EVENTS))
        .extracting(record -> record.getValue().getStatementId()).containsExactly("a");
  }

  @Test
  void aResponseDatedFarAheadMovesOnlyItsOwnLearnerXSkill() throws Exception {
    start(8);
    send(response("fast-clock", SKILL, "ahead", T4.plus(Duration.ofDays(400)), true));
    for (int i = 0; i < 5; i++) {
      send(response("learner-" + i, SKILL, "now-" + i, T1, i % 2 == 0));
    }
    send(response("fast-clock", SKILL, "fast-own-skill", T2, true));

    List<MasteryUpdate> updates = harness.extractOutputValues();
    assertThat(updates.subList(1, 6)).extracting(MasteryUpdate::getSequence).containsOnly(1);
    // its own later answer, dated right, is placed before it; the far-ahead answer stays its newest
    Map<String, MasteryUpdate> ownRows = newestRevisions(updates.subList(6, updates.size()));
    assertThat(ownRows.get("fast-own-skill").getSequence()).isEqualTo(1);
    assertThat(ownRows.get("ahead").getSequence()).isEqualTo(2);
    assertThat(harness.getSideOutput(SideOutputs.LATE_EVENTS)).isNullOrEmpty();
  }

  @Test
  void onlyTheEstimateAndHistoryRemainInStatePerKey() throws Exception {
    start(8);
    send(response("a", T1, true));
    send(response("b", T2, false));
    send(response(LEARNER, "decimals", "c", T3, true));

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
        new EventTimeMastery(MasteryConfig.defaults(), SkillParameterSet.defaultsOnly(), voidWindow), SkillFanOut::key,
        Types.STRING, EventTimeMastery.PARAMETERS);
    // the parameter input never holds back event time, as in the job
    harness.processBroadcastWatermark(Long.MAX_VALUE);
  }

  private int keyedStateEntries() {
    KeyedStateBackend<Object> backend = ((AbstractStreamOperator<?>) harness.getTwoInputOperator()).getKeyedStateBackend();
    return ((HeapKeyedStateBackend<Object>) backend).numKeyValueStateEntries();
  }

  private void send(LearningEvent event) throws Exception {
    harness.processElement(new StreamRecord<>(event, event.getTimestamp().toEpochMilli()));
  }
}
