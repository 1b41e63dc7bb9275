package org.learnstream.jobs.runtime;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;

/**
 * Stops a job with a savepoint, asking again while some of its tasks are not running yet: a savepoint needs every
 * task running, and a job that has just started or restarted may still be deploying one (Flink then refuses with
 * "not all required tasks are currently running" and the job goes on unchanged). Any other failure is final.
 */
public final class StopWithSavepoint {

  /** Flink's words for the refusal; the exception reaches a client serialized, so its type is gone. */
  private static final String TASKS_NOT_RUNNING = CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING.message();

  private StopWithSavepoint() {
  }

  /**
   * The savepoint's path once the job has stopped; {@code drain} ends event time first (the end of a bounded input).
   * Asks again for up to {@code timeout} while tasks are still deploying, each answer awaited for up to as long.
   */
  public static String stop(JobClient job, boolean drain, Duration timeout) throws Exception {
    RetryPolicy<String> whileDeploying = RetryPolicy.<String>builder()
        .handleIf(StopWithSavepoint::tasksNotRunning)
        .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2))
        .withMaxDuration(timeout)
        .withMaxRetries(-1)
        .build();
    try {
      return Failsafe.with(whileDeploying).get(
          () -> job.stopWithSavepoint(drain, null, SavepointFormatType.CANONICAL)
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (FailsafeException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  static boolean tasksNotRunning(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(TASKS_NOT_RUNNING)) {
        return true;
      }
    }
    return false;
  }
}
