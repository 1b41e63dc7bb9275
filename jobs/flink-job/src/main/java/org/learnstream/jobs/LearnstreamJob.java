package org.learnstream.jobs;

import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.learnstream.jobs.config.ConfigException;
import org.learnstream.jobs.config.SettingsLoader;
import org.learnstream.jobs.pipeline.PipelineJob;
import org.learnstream.jobs.pipeline.SinkDeduplication;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.jobs.settings.LearnstreamConfig;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.SchemaMigrations;
import org.learnstream.pipeline.clickhouse.SchoolDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point for a Flink cluster: {@code flink run -c org.learnstream.jobs.LearnstreamJob learnstream-flink-job-flink.jar
 * [--config FILE.yaml]}. Kafka and ClickHouse are given by address (settings or LEARNSTREAM_* variables);
 * secrets come from the environment of the cluster's processes, never from these arguments.
 */
public final class LearnstreamJob {

  private static final Logger LOG = LoggerFactory.getLogger(LearnstreamJob.class);

  private LearnstreamJob() {
  }

  public static void main(String[] args) throws Exception {
    Path configFile = null;
    for (int i = 0; i < args.length; i++) {
      if ("--config".equals(args[i]) && i + 1 < args.length) {
        configFile = Path.of(args[++i]);
      } else {
        throw new ConfigException("unknown argument '" + args[i] + "'; usage: LearnstreamJob [--config FILE.yaml]");
      }
    }
    Configuration config = LearnstreamConfig.load(configFile, System.getenv());
    String bootstrap = require(config, PipelineOptions.KAFKA_BOOTSTRAP.key(),
        config.get(PipelineOptions.KAFKA_BOOTSTRAP));
    String url = require(config, RuntimeOptions.CLICKHOUSE_URL.key(), config.get(RuntimeOptions.CLICKHOUSE_URL));
    String database = config.get(RuntimeOptions.CLICKHOUSE_DATABASE);
    ClickHouseEndpoint clickHouse = ClickHouseEndpoint.withPasswordFromEnv(
        url, config.get(RuntimeOptions.CLICKHOUSE_USER), RuntimeOptions.CLICKHOUSE_PASSWORD_ENV, database);
    try (var client = ClickHouseClients.create(clickHouse)) {
      SchemaMigrations.apply(client, database, RuntimeOptions.migrationPace(config, LOG::info));
      SinkDeduplication.apply(SchoolDatabase.Sql.of(client), database).lines().forEach(LOG::info);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    PipelineJob.configure(env, config);
    PipelineJob.wire(env, config, bootstrap, clickHouse, false);
    env.execute("learnstream");
  }

  private static String require(Configuration config, String key, String value) {
    if (value == null) {
      throw new ConfigException("setting '" + key + "' is required on a cluster; set it in --config or "
          + SettingsLoader.environmentName(key));
    }
    return value;
  }
}
