package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.mastery.MasteryConfig;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;
import org.learnstream.schemas.SkillParameters;

/**
 * A bounded run with a large out-of-orderness ends with every response still buffered: the watermark never passed
 * any of them. At the end of input Flink sends a final Long.MAX_VALUE watermark (the broadcast operator has no
 * endInput hook), which must apply them all, in event-time order.
 */
class EventTimeMasteryEndOfInputTest extends PipelineTestBase {

  @Test
  void theFinalWatermarkAppliesEveryResponseStillBufferedInEventTimeOrder() throws Exception {
    List<LearningEvent> sent = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      // two keys, arrival order reversed against event time
      String skill = i % 2 == 0 ? SKILL : "decimals";
      sent.add(response(LEARNER, skill, String.format("r%03d", i), T4.minusSeconds(i), i % 3 != 0));
    }
    try (var h = harness()) {
      for (LearningEvent e : sent) {
        h.processElement(new StreamRecord<>(e, e.getTimestamp().toEpochMilli()));
      }
      assertThat(h.extractOutputValues()).as("nothing is applied before the watermark moves").isEmpty();

      h.processWatermark(new Watermark(Long.MAX_VALUE));

      List<MasteryUpdate> out = h.extractOutputValues();
      assertThat(out).hasSize(sent.size());
      assertThat(h.numEventTimeTimers()).isZero();
      for (String skill : List.of(SKILL, "decimals")) {
        List<MasteryUpdate> ofSkill = out.stream().filter(u -> u.getSkill().equals(skill)).toList();
        assertThat(ofSkill).extracting(MasteryUpdate::getSequence)
            .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList());
        assertThat(ofSkill).extracting(MasteryUpdate::getEventTime).isSorted();
      }
      assertThat(h.getSideOutput(SideOutputs.LATE_EVENTS)).isNullOrEmpty();
    }
  }

  private static KeyedBroadcastOperatorTestHarness<String, LearningEvent, SkillParameters, MasteryUpdate> harness()
      throws Exception {
    var harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new EventTimeMastery(MasteryConfig.defaults()), SkillFanOut::key, Types.STRING, EventTimeMastery.PARAMETERS);
    harness.processBroadcastWatermark(Long.MAX_VALUE);
    return harness;
  }
}
