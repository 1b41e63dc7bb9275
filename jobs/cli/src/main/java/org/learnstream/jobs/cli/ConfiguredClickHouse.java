package org.learnstream.jobs.cli;

import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.config.ConfigException;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;

/** The ClickHouse server that clickhouse.url names, for the verbs that need a running one. */
final class ConfiguredClickHouse {

  private ConfiguredClickHouse() {
  }

  /** The endpoint of clickhouse.url (password from the environment); a missing URL is a configuration error. */
  static ClickHouseEndpoint endpoint(ReadableConfig settings, String verb) {
    String url = settings.get(RuntimeOptions.CLICKHOUSE_URL);
    if (url == null) {
      throw new ConfigException(verb + " needs a server: set clickhouse.url in --config or "
          + "LEARNSTREAM_CLICKHOUSE_URL=http://host:8123 (password from " + RuntimeOptions.CLICKHOUSE_PASSWORD_ENV
          + "); a running local serve, run or demo printed its own at start (\"ClickHouse: private clickhouse-server"
          + " at http://127.0.0.1:PORT\")");
    }
    return ClickHouseEndpoint.withPasswordFromEnv(url, settings.get(RuntimeOptions.CLICKHOUSE_USER),
        RuntimeOptions.CLICKHOUSE_PASSWORD_ENV, settings.get(RuntimeOptions.CLICKHOUSE_DATABASE));
  }
}
