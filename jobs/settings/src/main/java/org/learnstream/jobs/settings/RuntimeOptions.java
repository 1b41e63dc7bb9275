package org.learnstream.jobs.settings;

import java.time.Duration;
import java.util.function.Consumer;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.config.EnvironmentVariable;
import org.learnstream.jobs.config.OptionCheck;
import org.learnstream.pipeline.clickhouse.MigrationPace;

/** Where the services are: embedded by default, or given by address. Secrets are read from the environment only. */
public final class RuntimeOptions {

  /** Environment variable holding the ClickHouse password; never a setting, never printed. */
  public static final String CLICKHOUSE_PASSWORD_ENV = "LEARNSTREAM_CLICKHOUSE_PASSWORD";

  public static final EnvironmentVariable CLICKHOUSE_PASSWORD = EnvironmentVariable.secret(CLICKHOUSE_PASSWORD_ENV,
      "Password of clickhouse.user. Unset: no password.");

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

  public static final ConfigOption<Duration> CLICKHOUSE_MIGRATION_TIMEOUT = ConfigOptions
      .key("clickhouse.migration-timeout")
      .durationType().defaultValue(MigrationPace.DEFAULT_TIMEOUT)
      .withDescription("How long one statement of a schema migration may run before the migration stops and the "
          + "statement is cancelled on the server. Migrations that copy existing rows take minutes on a large "
          + "database (V080 took 15 min at 10 million statements); a running statement is reported every "
          + MigrationPace.DEFAULT_PROGRESS_EVERY.toSeconds() + " s with the rows it has read.");

  public static final OptionCheck<Duration> CLICKHOUSE_MIGRATION_TIMEOUT_RANGE = OptionCheck.between(
      CLICKHOUSE_MIGRATION_TIMEOUT, Duration.ofSeconds(10), Duration.ofDays(7));

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

  public static final OptionCheck<Integer> KAFKA_PARTITIONS_RANGE = OptionCheck.atLeast(KAFKA_PARTITIONS, 1);

  private RuntimeOptions() {
  }

  /** How the migrations wait on a statement, and where a statement that runs long is reported. */
  public static MigrationPace migrationPace(ReadableConfig config, Consumer<String> progress) {
    return new MigrationPace(config.get(CLICKHOUSE_MIGRATION_TIMEOUT), MigrationPace.DEFAULT_PROGRESS_EVERY, progress);
  }
}
