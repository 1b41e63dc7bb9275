package org.learnstream.jobs.warning;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.types.Either;
import org.learnstream.jobs.state.ErasedLearnersState;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.LearningEvent;

/** The class-wide patterns' operator as the job runs it (one subtask of max parallelism 128), for harness tests. */
final class ClassAlertsHarness {

  private ClassAlertsHarness() {
  }

  /** Opened, restored from {@code restored} when not null; the broadcast input holds no watermark back. */
  static KeyedBroadcastOperatorTestHarness<String, Either<LearningEvent, Alert>, ErasureRequest, Alert> open(
      OperatorSubtaskState restored) throws Exception {
    var operator = new CoBroadcastWithKeyedOperator<>(new ClassAlerts(new RulesFile(null, 1000)),
        List.of(ErasedLearnersState.DESCRIPTOR));
    var harness = new KeyedBroadcastOperatorTestHarness<>(operator, ClassAlerts::key, Types.STRING, 128, 1, 0);
    if (restored != null) {
      harness.initializeState(restored);
    }
    harness.open();
    harness.processBroadcastWatermark(Long.MAX_VALUE);
    return harness;
  }

  /** How many keys (classes) hold state {@code name}. */
  static long keysWith(KeyedBroadcastOperatorTestHarness<String, ?, ?, ?> harness, String name) {
    try (var keys = harness.getOperator().<String>getKeyedStateBackend().getKeys(name, VoidNamespace.INSTANCE)) {
      return keys.count();
    }
  }
}
