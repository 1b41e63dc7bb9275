package org.learnstream.jobs.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.settings.LearnstreamConfig;
import org.learnstream.jobs.settings.PipelineOptions;

class RunnerSettingsFileTest {

  @Test
  void theRunnersSettingsFileReadsBackAsTheSettingsItWasWrittenFrom(@TempDir Path dir) throws Exception {
    Configuration settings = new Configuration();
    settings.set(PipelineOptions.MASTERY_MAX_HOLD, Duration.ZERO);
    settings.set(PipelineOptions.OUT_OF_ORDERNESS, ChaosSettings.OUT_OF_ORDERNESS);
    settings.set(PipelineOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(2));
    settings.set(PipelineOptions.PARALLELISM, 2);
    settings.set(PipelineOptions.TOPIC_PREFIX, "chaos3.");
    Path file = dir.resolve("runner.yaml");
    Files.writeString(file, String.join("\n", ChaosSuite.settingsFileLines(settings)) + "\n");

    Configuration loaded = LearnstreamConfig.load(file, Map.of());

    assertThat(loaded.get(PipelineOptions.MASTERY_MAX_HOLD)).isZero();
    assertThat(loaded.get(PipelineOptions.OUT_OF_ORDERNESS)).isEqualTo(Duration.ofDays(60));
    assertThat(loaded.get(PipelineOptions.CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofSeconds(2));
    assertThat(loaded.get(PipelineOptions.PARALLELISM)).isEqualTo(2);
    assertThat(loaded.get(PipelineOptions.TOPIC_PREFIX)).isEqualTo("chaos3.");
  }
}
