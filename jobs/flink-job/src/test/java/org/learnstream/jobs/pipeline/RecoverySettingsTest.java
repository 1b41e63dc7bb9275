package org.learnstream.jobs.pipeline;

import org.learnstream.jobs.settings.PipelineOptions;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.api.Test;

class RecoverySettingsTest {

  @Test
  void aCheckpointDirectoryRetainsCheckpointsOnCancellationAndHoldsTheSavepoints() {
    Configuration settings = new Configuration();
    settings.set(PipelineOptions.CHECKPOINT_DIR, "/var/lib/learnstream/checkpoints");
    Configuration flink = new Configuration();

    RecoverySettings.apply(flink, settings);

    assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo("file:///var/lib/learnstream/checkpoints");
    assertThat(flink.get(CheckpointingOptions.SAVEPOINT_DIRECTORY))
        .isEqualTo("file:///var/lib/learnstream/checkpoints/savepoints");
    assertThat(flink.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
        .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    assertThat(flink.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
  }

  @Test
  void aUriIsKeptAsGiven() {
    Configuration settings = new Configuration();
    settings.set(PipelineOptions.CHECKPOINT_DIR, "s3://bucket/learnstream");
    Configuration flink = new Configuration();
    RecoverySettings.apply(flink, settings);
    assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("s3://bucket/learnstream");
  }

  @Test
  void rocksDbStateIsCheckpointedIncrementallyAndNothingIsRetainedWithoutADirectory() {
    Configuration settings = new Configuration();
    settings.set(PipelineOptions.STATE_BACKEND, "rocksdb");
    Configuration flink = new Configuration();
    RecoverySettings.apply(flink, settings);
    assertThat(flink.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
    assertThat(flink.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
    assertThat(flink.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isFalse();
  }

  @Test
  void resumingSetsTheRecoveryPath() {
    Configuration flink = new Configuration();
    RecoverySettings.resumeFrom(flink, Path.of("/data/ck/job/chk-7"));
    assertThat(flink.get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo("file:///data/ck/job/chk-7");
  }
}
