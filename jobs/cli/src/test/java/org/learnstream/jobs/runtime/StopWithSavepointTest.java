package org.learnstream.jobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.flink.util.SerializedThrowable;
import org.junit.jupiter.api.Test;

class StopWithSavepointTest {

  @Test
  void aSavepointRefusedWhileTasksAreDeployingIsAskedForAgainEvenWhenTheExceptionArrivesSerialized() {
    CheckpointException refused = new CheckpointException("Checkpoint triggering task Source (1/2) of job 42 is not "
        + "being executed at the moment.", CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING);

    assertThat(StopWithSavepoint.tasksNotRunning(new CompletionException(refused))).isTrue();
    assertThat(StopWithSavepoint.tasksNotRunning(new CompletionException(new SerializedThrowable(refused)))).isTrue();
  }

  @Test
  void anyOtherFailureIsFinal() {
    CheckpointException declined = new CheckpointException(CheckpointFailureReason.CHECKPOINT_DECLINED);

    assertThat(StopWithSavepoint.tasksNotRunning(new CompletionException(declined))).isFalse();
    assertThat(StopWithSavepoint.tasksNotRunning(new IllegalStateException((String) null))).isFalse();
  }
}
