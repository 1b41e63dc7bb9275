package org.learnstream.jobs.pipeline;

import org.learnstream.jobs.settings.PipelineOptions;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

/**
 * Answers held when a checkpoint was taken wait, after the restart, for the sources to resume: the hold does not
 * release them ahead of an older answer still in the backlog.
 */
class EventTimeMasteryRestartTest extends PipelineTestBase {

  private static final Duration HOLD = PipelineOptions.MASTERY_MAX_HOLD.defaultValue();

  @Test
  void anAnswerHeldAtACheckpointIsNotReleasedAheadOfAnOlderOneReadAfterTheRestart() throws Exception {
    OperatorSubtaskState snapshot;
    try (var before = harness(1, 0, null)) {
      send(before, response("newer", T2, true));
      snapshot = before.snapshot(1, 0);
    }

    try (var after = harness(1, 0, snapshot)) {
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
    try (var before = harness(1, 0, null)) {
      send(before, response("held", T2, true));
      snapshot = before.snapshot(1, 0);
    }

    try (var after = harness(1, 0, snapshot)) {
      after.setProcessingTime(HOLD.toMillis());
      assertThat(after.extractOutputValues()).isEmpty();
      after.setProcessingTime(HOLD.toMillis() + EventTimeMastery.RESTART_GRACE_MILLIS);

      assertThat(after.extractOutputValues()).extracting(MasteryUpdate::getStatementId).containsExactly("held");
      assertThat(after.numProcessingTimeTimers()).isZero();
    }
  }

}
