package org.learnstream.jobs.pipeline;

import org.apache.flink.types.Either;
import org.learnstream.pipeline.kafka.ErasureRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.kafka.AvroTypes;
import org.learnstream.pipeline.mastery.MasteryConfig;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;
import org.learnstream.schemas.SkillParameters;

/**
 * Snapshots of earlier builds hold responses that waited for the watermark (state "pending", one event-time timer
 * per instant). Restored, they must still reach the estimate, at their place in event-time order.
 */
class EventTimeMasteryBufferedStateTest extends PipelineTestBase {

  @Test
  void responsesBufferedByAnEarlierBuildArePlacedInEventTimeOrderWhenTheWatermarkPassesThem() throws Exception {
    try (var h = harness()) {
      LearningEvent newer = response("buffered-newer", T3, false);
      LearningEvent older = response("buffered-older", T1, true);
      bufferAsAnEarlierBuild(h, newer, older);
      h.processElement(new StreamRecord<>(response("arrived", T2, true), T2.toEpochMilli()));

      h.processWatermark(new Watermark(Long.MAX_VALUE));

      List<MasteryUpdate> newest = new ArrayList<>();
      for (MasteryUpdate u : h.extractOutputValues()) {
        newest.removeIf(n -> n.getStatementId().equals(u.getStatementId()));
        newest.add(u);
      }
      assertThat(newest).extracting(MasteryUpdate::getStatementId, MasteryUpdate::getSequence)
          .containsExactlyInAnyOrder(tuple("buffered-older", 1),
              tuple("arrived", 2), tuple("buffered-newer", 3));
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(h.getSideOutput(SideOutputs.LATE_EVENTS)).isNullOrEmpty();
    }
  }

  /** Writes the buffer and timers the way the earlier build did, through the operator's own state and timers. */
  @SuppressWarnings("unchecked")
  private static void bufferAsAnEarlierBuild(
      KeyedBroadcastOperatorTestHarness<String, LearningEvent, Either<SkillParameters, ErasureRequest>, MasteryUpdate> h,
      LearningEvent... responses) throws Exception {
    AbstractStreamOperator<MasteryUpdate> operator = (AbstractStreamOperator<MasteryUpdate>) h.getTwoInputOperator();
    InternalTimerService<VoidNamespace> timers = operator.getInternalTimerService("user-timers",
        VoidNamespaceSerializer.INSTANCE, (Triggerable<Object, VoidNamespace>) (Object) operator);
    for (LearningEvent response : responses) {
      operator.setCurrentKey(SkillFanOut.key(response));
      MapState<Long, List<LearningEvent>> pending = operator.getKeyedStateBackend().getPartitionedState(
          VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, new MapStateDescriptor<>(
              "pending", Types.LONG, new ListTypeInfo<>(AvroTypes.of(LearningEvent.class))));
      long at = response.getTimestamp().toEpochMilli();
      pending.put(at, new ArrayList<>(List.of(response)));
      timers.registerEventTimeTimer(VoidNamespace.INSTANCE, at);
    }
  }

  private static KeyedBroadcastOperatorTestHarness<String, LearningEvent, Either<SkillParameters, ErasureRequest>, MasteryUpdate> harness()
      throws Exception {
    var harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new EventTimeMastery(MasteryConfig.defaults()), SkillFanOut::key, Types.STRING, EventTimeMastery.PARAMETERS,
        ErasedLearners.STATE);
    harness.processBroadcastWatermark(Long.MAX_VALUE);
    return harness;
  }
}
