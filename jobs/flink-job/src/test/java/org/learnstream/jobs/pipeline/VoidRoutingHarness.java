package org.learnstream.jobs.pipeline;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.schemas.LearningEvent;

/** Void routing as the job runs it (the erasure ledger as its broadcast input), one subtask, for harness tests. */
final class VoidRoutingHarness {

  private VoidRoutingHarness() {
  }

  /** Opened with a retention of 7 days, restored from {@code restored} when not null. */
  static KeyedBroadcastOperatorTestHarness<String, LearningEvent, ErasureRequest, LearningEvent> open(
      int maxParallelism, OperatorSubtaskState restored) throws Exception {
    var operator = new CoBroadcastWithKeyedOperator<>(new VoidRouting(Duration.ofDays(7)),
        List.of(ErasedLearners.STATE));
    var harness = new KeyedBroadcastOperatorTestHarness<>(operator, VoidRouting::key, Types.STRING, maxParallelism,
        1, 0);
    if (restored != null) {
      harness.initializeState(restored);
    }
    harness.open();
    return harness;
  }
}
