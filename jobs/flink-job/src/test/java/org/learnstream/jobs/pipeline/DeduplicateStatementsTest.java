package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.learnstream.schemas.LearningEvent;

class DeduplicateStatementsTest extends PipelineTestBase {

  @Test
  void passesTheFirstDeliveryOfAStatementAndDropsItsRedeliveries() throws Exception {
    try (var harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new DeduplicateStatements(Duration.ofDays(1)), DeduplicateStatements::key, Types.STRING)) {
      LearningEvent first = response("a", T1, true);
      harness.processElement(new StreamRecord<>(first, T1.toEpochMilli()));
      harness.processElement(new StreamRecord<>(response("a", T2, false), T2.toEpochMilli()));
      harness.processElement(new StreamRecord<>(response("b", T2, false), T2.toEpochMilli()));

      assertThat(harness.extractOutputValues()).extracting(LearningEvent::getStatementId).containsExactly("a", "b");
      assertThat(harness.extractOutputValues().get(0)).isEqualTo(first);
    }
  }
}
