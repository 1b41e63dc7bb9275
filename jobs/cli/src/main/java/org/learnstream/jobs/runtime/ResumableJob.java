package org.learnstream.jobs.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.learnstream.jobs.config.ConfigException;
import org.learnstream.jobs.pipeline.RecoverySettings;

/**
 * The live pipeline as {@code run} and {@code serve} start and stop it: it resumes from a snapshot of its checkpoint
 * directory, where its state (mastery, deduplication, early warnings) is, and stops with a savepoint there, or is
 * cancelled when none can be taken (the newest retained checkpoint is then the next start's).
 */
public final class ResumableJob {

  private ResumableJob() {
  }

  /**
   * The snapshot the next start resumes from, set in {@code flink}: none when {@code fresh}, else {@code given} when
   * not null, else the newest in {@code checkpointDir}.
   */
  public static Optional<Path> resume(Configuration flink, boolean fresh, Path given, String checkpointDir) {
    Optional<Path> snapshot = fresh
        ? Optional.empty()
        : Optional.ofNullable(given).or(() -> Snapshots.latest(Path.of(checkpointDir)));
    snapshot.ifPresent(path -> RecoverySettings.resumeFrom(flink, path));
    return snapshot;
  }

  /**
   * Submits the job of {@code env}. One that cannot start from {@code resumed} fails naming the snapshot, Flink's
   * reason and the way out: most often the settings changed which operators the pipeline runs, and Flink refuses
   * state that no operator of the new graph takes.
   */
  public static JobClient start(StreamExecutionEnvironment env, Optional<Path> resumed) throws Exception {
    try {
      return env.executeAsync("learnstream");
    } catch (Exception e) {
      if (resumed.isEmpty()) {
        throw e;
      }
      Throwable innermost = e;
      while (innermost.getCause() != null && innermost.getCause() != innermost) {
        innermost = innermost.getCause();
      }
      throw new ConfigException("the pipeline could not resume from " + resumed.get() + ": "
          + innermost.getMessage() + ". If the settings changed which operators it runs (warning.enabled, a Best-LR "
          + "model), set them back; or start with --fresh, leaving that snapshot's state behind (mastery, "
          + "deduplication and early warnings start empty, and the job reads on from the committed Kafka offsets)");
    }
  }

  /**
   * Stops {@code job} with a savepoint and tells {@code stopped} where it is; when none can be taken, cancels the job
   * (the stop was asked for either way; cancelling keeps the retained checkpoints) and tells {@code notSaved} why.
   */
  public static void stop(JobClient job, Consumer<String> stopped, Consumer<String> notSaved) {
    try {
      stopped.accept("stopped with savepoint " + StopWithSavepoint.stop(job, false, Duration.ofMinutes(2)));
    } catch (Exception e) {
      notSaved.accept("could not take a savepoint on stop (" + e + "); cancelling the job, the newest retained "
          + "checkpoint is used on the next start");
      job.cancel();
    }
  }
}
