package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.mastery.MasteryConfig;
import org.learnstream.pipeline.mastery.MasteryHistory;
import org.learnstream.pipeline.mastery.SkillParameterSet;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;
import org.learnstream.schemas.SkillParameters;

/**
 * Answers held when a checkpoint was taken wait, after the restart, for the sources to resume: the hold does not
 * release them ahead of an older answer still in the backlog.
 */
class EventTimeMasteryRestartTest extends PipelineTestBase {

  private static final Duration HOLD = Duration.ofSeconds(1);

  @Test
  void anAnswerHeldAtACheckpointIsNotReleasedAheadOfAnOlderOneReadAfterTheRestart() throws Exception {
    OperatorSubtaskState snapshot;
    try (var before = harness(null)) {
      send(before, response("newer", T2, true));
      snapshot = before.snapshot(1, 0);
    }

    try (var after = harness(snapshot)) {
      after.setProcessingTime(HOLD.toMillis()); // the restored hold timer is due at once
      assertThat(after.extractOutputValues()).as("held through the restart grace").isEmpty();
      send(after, response("older", T1, false)); // read from the backlog after the restart
      after.setProcessingTime(5_000 + HOLD.toMillis());
      after.setProcessingTime(EventTimeMastery.RESTART_GRACE_MILLIS + HOLD.toMillis());

      assertThat(after.extractOutputValues()).extracting(MasteryUpdate::getStatementId)
          .containsExactly("older", "newer");
      assertThat(after.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void withoutInputAfterTheRestartTheHeldAnswerIsReleasedOnceTheGraceIsOver() throws Exception {
    OperatorSubtaskState snapshot;
    try (var before = harness(null)) {
      send(before, response("held", T2, true));
      snapshot = before.snapshot(1, 0);
    }

    try (var after = harness(snapshot)) {
      after.setProcessingTime(HOLD.toMillis());
      assertThat(after.extractOutputValues()).isEmpty();
      after.setProcessingTime(HOLD.toMillis() + EventTimeMastery.RESTART_GRACE_MILLIS);

      assertThat(after.extractOutputValues()).extracting(MasteryUpdate::getStatementId).containsExactly("held");
      assertThat(after.numProcessingTimeTimers()).isZero();
    }
  }

  private static KeyedBroadcastOperatorTestHarness<String, LearningEvent, SkillParameters, MasteryUpdate> harness(
      OperatorSubtaskState restored) throws Exception {
    var operator = new CoBroadcastWithKeyedOperator<>(new EventTimeMastery(MasteryConfig.defaults(),
        SkillParameterSet.defaultsOnly(), MasteryHistory.DEFAULT_CAPACITY, HOLD),
        List.of(EventTimeMastery.PARAMETERS));
    var harness = new KeyedBroadcastOperatorTestHarness<>(operator, SkillFanOut::key, Types.STRING, 128, 1, 0);
    if (restored != null) {
      harness.initializeState(restored);
    }
    harness.open();
    harness.processBroadcastWatermark(Long.MAX_VALUE);
    return harness;
  }

  private static void send(KeyedBroadcastOperatorTestHarness<String, LearningEvent, SkillParameters, MasteryUpdate> h,
                           LearningEvent event) throws Exception {
    h.processElement(new StreamRecord<>(event, event.getTimestamp().toEpochMilli()));
  }
}
