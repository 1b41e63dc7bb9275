package org.learnstream.jobs.cli;

import org.learnstream.jobs.devtools.BenchPipelineCommand;
import org.learnstream.jobs.devtools.BenchQueriesCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.bench.PipelineBench;
import org.learnstream.jobs.settings.PipelineBenchOptions;
import org.learnstream.jobs.settings.QueryBenchOptions;
import org.learnstream.jobs.config.ConfigException;
import org.learnstream.jobs.settings.RuntimeOptions;
import picocli.CommandLine;

class BenchSettingsTest {

  @Test
  void theFlagsOfBenchPipelineOverrideItsSettingsAndTheRestComesFromTheFile(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("settings.yaml"),
        "bench.pipeline.statements: 500\nbench.pipeline.latency-duration: 45 s\n");
    BenchPipelineCommand command = new BenchPipelineCommand();
    new CommandLine(command).parseArgs("--config", file.toString(), "--latency-seconds", "0", "--no-replay");

    PipelineBench.Settings bench = PipelineBench.Settings.from(command.settings());

    assertThat(bench.statements()).isEqualTo(500);
    assertThat(bench.latencyRun()).isEqualTo(Duration.ZERO);
    assertThat(bench.replay()).isFalse();
    assertThat(bench.kafkaEngine()).isTrue();
  }

  @Test
  void benchPipelineComparesBestLrOnlyWhenAskedAndThenForTheRoundsGiven() {
    BenchPipelineCommand plain = new BenchPipelineCommand();
    new CommandLine(plain).parseArgs();
    BenchPipelineCommand compare = new BenchPipelineCommand();
    new CommandLine(compare).parseArgs("--compare-best-lr", "--rounds", "3");

    assertThat(PipelineBench.Settings.from(plain.settings()).compareBestLr()).isFalse();
    assertThat(PipelineBench.Settings.from(compare.settings()).compareBestLr()).isTrue();
    assertThat(PipelineBench.Settings.from(compare.settings()).compareRounds()).isEqualTo(3);
  }

  @Test
  void benchPipelineComparesSealingOnlyWhenAskedAndThenForTheRoundsGiven() {
    BenchPipelineCommand plain = new BenchPipelineCommand();
    new CommandLine(plain).parseArgs();
    BenchPipelineCommand compare = new BenchPipelineCommand();
    new CommandLine(compare).parseArgs("--compare-sealing", "--rounds", "4");

    assertThat(PipelineBench.Settings.from(plain.settings()).compareSealing()).isFalse();
    PipelineBench.Settings sealing = PipelineBench.Settings.from(compare.settings());
    assertThat(sealing.compareSealing()).isTrue();
    assertThat(sealing.compareBestLr()).isFalse();
    assertThat(sealing.compareRounds()).isEqualTo(4);
  }

  @Test
  void benchPipelineRefusesBothComparisonsAtOnceNamingBothSettings() {
    BenchPipelineCommand command = new BenchPipelineCommand();
    new CommandLine(command).parseArgs("--compare-best-lr", "--compare-sealing");

    assertThatThrownBy(() -> PipelineBench.Settings.from(command.settings()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bench.pipeline.compare-best-lr")
        .hasMessageContaining("bench.pipeline.compare-sealing");
  }

  @Test
  void benchPipelineRefusesZeroComparisonRoundsNamingTheSettingAndItsRange() {
    BenchPipelineCommand command = new BenchPipelineCommand();
    new CommandLine(command).parseArgs("--compare-best-lr", "--rounds", "0");

    assertThatThrownBy(command::settings)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bench.pipeline.compare-rounds")
        .hasMessageContaining("between 1 and 50");
  }

  @Test
  void theClickHouseUrlFlagOfBenchQueriesOverridesTheSetting(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("settings.yaml"), "clickhouse.url: http://elsewhere:8123\n");
    BenchQueriesCommand command = new BenchQueriesCommand();
    new CommandLine(command).parseArgs("--config", file.toString(), "--clickhouse-url", "http://127.0.0.1:18123",
        "--target-ms", "250");

    Configuration settings = command.settings();

    assertThat(settings.get(RuntimeOptions.CLICKHOUSE_URL)).isEqualTo("http://127.0.0.1:18123");
    assertThat(settings.get(QueryBenchOptions.TARGET)).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void benchQueriesRefusesZeroRunsNamingTheSettingAndItsRange() {
    BenchQueriesCommand command = new BenchQueriesCommand();
    new CommandLine(command).parseArgs("--runs", "0");

    assertThatThrownBy(command::settings)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bench.queries.runs")
        .hasMessageContaining("between 1 and 1000");
  }
}
