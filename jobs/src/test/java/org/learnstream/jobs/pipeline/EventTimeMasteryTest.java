package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.mastery.MasteryConfig;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;
import org.learnstream.schemas.SkillParameters;

class EventTimeMasteryTest extends PipelineTestBase {

  private KeyedBroadcastOperatorTestHarness<String, LearningEvent, SkillParameters, MasteryUpdate> harness;

  @BeforeEach
  void startHarness() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new EventTimeMastery(MasteryConfig.defaults()), SkillFanOut::key, Types.STRING, EventTimeMastery.PARAMETERS);
    // the parameter input never holds back event time, as in the job
    harness.processBroadcastWatermark(Long.MAX_VALUE);
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void responsesWaitForTheWatermark() throws Exception {
    send(response("a", T1, true));

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
  }

  @Test
  void responsesArrivingOutOfOrderAreAppliedInEventTimeOrder() throws Exception {
    send(response("c", T3, true));
    send(response("a", T1, false));
    send(response("b", T2, true));

    harness.processWatermark(T3.toEpochMilli());

    List<MasteryUpdate> updates = harness.extractOutputValues();
    assertThat(updates).extracting(MasteryUpdate::getStatementId).containsExactly("a", "b", "c");
    assertThat(updates).extracting(MasteryUpdate::getSequence).containsExactly(1, 2, 3);
    assertThat(updates.get(1).getPKnownBefore()).isEqualTo(updates.get(0).getPKnownAfter());
  }

  @Test
  void responsesAtTheSameInstantAreAppliedInStatementIdOrder() throws Exception {
    send(response("z", T1, true));
    send(response("m", T1, false));

    harness.processWatermark(T1.toEpochMilli());

    assertThat(harness.extractOutputValues()).extracting(MasteryUpdate::getStatementId).containsExactly("m", "z");
  }

  @Test
  void aResponseBehindTheWatermarkGoesToTheLateOutputAndIsNotApplied() throws Exception {
    send(response("a", T2, true));
    harness.processWatermark(T2.toEpochMilli());

    send(response("late", T1, true));
    harness.processWatermark(T3.toEpochMilli());

    assertThat(harness.extractOutputValues()).extracting(MasteryUpdate::getStatementId).containsExactly("a");
    assertThat(harness.getSideOutput(SideOutputs.LATE_EVENTS))
        .extracting(record -> record.getValue().getStatementId()).containsExactly("late");
  }

  @Test
  void bufferAndTimersDrainOnceTheWatermarkHasPassedOnlyTheEstimateRemains() throws Exception {
    send(response("a", T1, true));
    send(response("b", T2, false));
    send(response(LEARNER, "decimals", "c", T3, true));

    harness.processWatermark(T4.toEpochMilli());

    assertThat(harness.extractOutputValues()).hasSize(3);
    assertThat(harness.numEventTimeTimers()).isZero();
    // the "mastery" value (estimate and history) per key, two keys; the "pending" buffer holds nothing
    assertThat(keyedStateEntries()).isEqualTo(2);
  }

  private int keyedStateEntries() {
    KeyedStateBackend<Object> backend = ((AbstractStreamOperator<?>) harness.getTwoInputOperator()).getKeyedStateBackend();
    return ((HeapKeyedStateBackend<Object>) backend).numKeyValueStateEntries();
  }

  private void send(LearningEvent event) throws Exception {
    harness.processElement(new StreamRecord<>(event, event.getTimestamp().toEpochMilli()));
  }
}
