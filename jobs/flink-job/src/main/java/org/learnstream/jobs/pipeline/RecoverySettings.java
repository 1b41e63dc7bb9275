package org.learnstream.jobs.pipeline;

import org.learnstream.jobs.settings.PipelineOptions;
import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;

/** Translates the pipeline's recovery settings (state backend, checkpoint directory) into Flink's options. */
public final class RecoverySettings {

  private RecoverySettings() {
  }

  /** Adds the state backend and, when a checkpoint directory is set, retained checkpoints in it to {@code flink}. */
  public static void apply(Configuration flink, Configuration settings) {
    String backend = settings.get(PipelineOptions.STATE_BACKEND);
    flink.set(StateBackendOptions.STATE_BACKEND, backend);
    if ("rocksdb".equals(backend)) {
      flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    }
    String dir = settings.get(PipelineOptions.CHECKPOINT_DIR);
    if (dir != null) {
      String uri = asUri(dir);
      flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, uri);
      flink.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, uri + "/savepoints");
      // a killed or cancelled job leaves its newest checkpoint behind, so the next start can resume from it
      flink.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
          ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }
  }

  /** Makes the job start from {@code snapshot} (a retained checkpoint or a savepoint directory). */
  public static void resumeFrom(Configuration flink, Path snapshot) {
    flink.set(StateRecoveryOptions.SAVEPOINT_PATH, snapshot.toUri().toString());
  }

  /** A plain path becomes a file:// URI; a URI with a scheme is kept. */
  static String asUri(String dir) {
    return dir.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")
        ? dir
        : Path.of(dir).toAbsolutePath().toUri().toString()
            .replaceAll("/$", "");
  }
}
