package org.learnstream.jobs.settings;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.settings.IngestBenchOptions;
import org.learnstream.jobs.settings.PipelineBenchOptions;
import org.learnstream.jobs.settings.QueryBenchOptions;
import org.learnstream.jobs.settings.ReadAfterWriteBenchOptions;
import org.learnstream.jobs.settings.StatementsBenchOptions;
import org.learnstream.jobs.config.SettingsComponent;
import org.learnstream.jobs.config.SettingsLoader;
import org.learnstream.jobs.settings.IngestOptions;
import org.learnstream.jobs.settings.DocumentOptions;
import org.learnstream.jobs.settings.MetricsOptions;
import org.learnstream.jobs.settings.NotifyOptions;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.settings.RuntimeOptions;

/**
 * Every options class of every component, the one list that loading, validation and {@code learnstream settings}
 * read. It lives above the components (which know only {@code config}), so no package depends on itself.
 */
public final class LearnstreamConfig {

  public static final List<SettingsComponent> COMPONENTS = List.of(
      new SettingsComponent("pipeline (run, serve, the Flink job)", List.of(PipelineOptions.class)),
      new SettingsComponent("services (Kafka, ClickHouse, embedded runtime)", List.of(RuntimeOptions.class)),
      new SettingsComponent("metrics (run)", List.of(MetricsOptions.class)),
      new SettingsComponent("ingest server (serve)", List.of(IngestOptions.class, DocumentOptions.class)),
      new SettingsComponent("notifier (notify)", List.of(NotifyOptions.class)),
      new SettingsComponent("retention (retention, topic creation)", List.of(RetentionOptions.class)),
      new SettingsComponent("benchmarks (bench)",
          List.of(IngestBenchOptions.class, PipelineBenchOptions.class, QueryBenchOptions.class,
              StatementsBenchOptions.class, ReadAfterWriteBenchOptions.class, EraseBenchOptions.class)),
      new SettingsComponent("command-line clients (send, subscriptions)", List.of(ClientVariables.class)),
      new SettingsComponent("Grafana provisioning (read by Grafana, not by learnstream)",
          List.of(GrafanaVariables.class)));

  public static final SettingsLoader LOADER = new SettingsLoader(COMPONENTS);

  private LearnstreamConfig() {
  }

  public static Configuration load(Path file, Map<String, String> environment) {
    return LOADER.load(file, environment, new Configuration());
  }

  /** The settings file, the environment, then command-line flags that override a setting, validated together. */
  public static Configuration load(Path file, Map<String, String> environment, Configuration flags) {
    return LOADER.load(file, environment, flags);
  }
}
