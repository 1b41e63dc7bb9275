package org.learnstream.jobs.runtime;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.config.ConfigException;
import org.learnstream.jobs.metrics.MetricsOptions;
import org.learnstream.jobs.pipeline.PipelineOptions;
import org.learnstream.pipeline.mastery.MasteryConfig;
import org.learnstream.pipeline.mastery.MasteryHistory;

/** Where the services are: embedded by default, or given by address. Secrets are read from the environment only. */
public final class RuntimeOptions {

  /** Environment variable holding the ClickHouse password; never a setting, never printed. */
  public static final String CLICKHOUSE_PASSWORD_ENV = "LEARNSTREAM_CLICKHOUSE_PASSWORD";

  public static final ConfigOption<String> CLICKHOUSE_URL = ConfigOptions.key("clickhouse.url")
      .stringType().noDefaultValue()
      .withDescription("HTTP URL of a ClickHouse server, e.g. http://127.0.0.1:8123. "
          + "Unset: a private clickhouse-server is started from PATH.");

  public static final ConfigOption<String> CLICKHOUSE_USER = ConfigOptions.key("clickhouse.user")
      .stringType().defaultValue("default")
      .withDescription("ClickHouse user (password from " + CLICKHOUSE_PASSWORD_ENV + ").");

  public static final ConfigOption<String> CLICKHOUSE_DATABASE = ConfigOptions.key("clickhouse.database")
      .stringType().defaultValue("learnstream")
      .withDescription("ClickHouse database of the projections; created and migrated at start-up.");

  public static final ConfigOption<String> CLICKHOUSE_BINARY = ConfigOptions.key("runtime.clickhouse-server")
      .stringType().defaultValue("clickhouse-server")
      .withDescription("clickhouse-server binary used by the embedded runtime: a path, or the default to look up "
          + "clickhouse-server (or clickhouse) on PATH.");

  public static final ConfigOption<String> DATA_DIR = ConfigOptions.key("runtime.data-dir")
      .stringType().noDefaultValue()
      .withDescription("Directory for the embedded services' data, kept across runs: the Kafka log (kafka/, with "
          + "the event log), ClickHouse's data (clickhouse/) and the checkpoints (checkpoints/). Unset: a temporary "
          + "directory removed at exit.");

  public static final ConfigOption<Integer> KAFKA_PARTITIONS = ConfigOptions.key("kafka.partitions")
      .intType().defaultValue(4)
      .withDescription("Partitions of each topic the runtime creates.");

  private RuntimeOptions() {}

  /** Checks that typed parsing cannot express: ranges and combinations. */
  public static void validateRanges(ReadableConfig config) {
    double threshold = config.get(PipelineOptions.MASTERY_THRESHOLD);
    require(threshold > 0 && threshold <= MasteryConfig.P_KNOWN_CEILING, PipelineOptions.MASTERY_THRESHOLD, threshold,
        "a probability in (0, " + MasteryConfig.P_KNOWN_CEILING + "], the most P(L) an estimate holds");
    int window = config.get(PipelineOptions.RECENT_WINDOW);
    require(window >= 1 && window <= 32, PipelineOptions.RECENT_WINDOW, window, "between 1 and 32");
    int voidWindow = config.get(PipelineOptions.VOID_WINDOW);
    require(voidWindow >= 1 && voidWindow <= MasteryHistory.MAX_CAPACITY,
        PipelineOptions.VOID_WINDOW, voidWindow, "between 1 and " + MasteryHistory.MAX_CAPACITY);
    int parallelism = config.get(PipelineOptions.PARALLELISM);
    require(parallelism >= 1, PipelineOptions.PARALLELISM, parallelism, "at least 1");
    int batch = config.get(PipelineOptions.CLICKHOUSE_BATCH_ROWS);
    require(batch >= 1, PipelineOptions.CLICKHOUSE_BATCH_ROWS, batch, "at least 1");
    int partitions = config.get(KAFKA_PARTITIONS);
    require(partitions >= 1, KAFKA_PARTITIONS, partitions, "at least 1");
    int metricsPort = config.get(MetricsOptions.PORT);
    require(metricsPort >= -1 && metricsPort <= 65535, MetricsOptions.PORT, metricsPort,
        "-1 (none), 0 (any) or a port");
    String backend = config.get(PipelineOptions.STATE_BACKEND);
    require(backend.equals("hashmap") || backend.equals("rocksdb"), PipelineOptions.STATE_BACKEND, backend,
        "'hashmap' or 'rocksdb'");
    require(config.get(PipelineOptions.TRANSACTION_TIMEOUT).toMinutes() <= 15, PipelineOptions.TRANSACTION_TIMEOUT,
        config.get(PipelineOptions.TRANSACTION_TIMEOUT), "at most 15 min (the broker's transaction.max.timeout.ms)");
  }

  private static void require(boolean ok, ConfigOption<?> option, Object value, String rule) {
    if (!ok) {
      throw new ConfigException("setting '" + option.key() + "' is " + value + " but must be " + rule);
    }
  }
}
