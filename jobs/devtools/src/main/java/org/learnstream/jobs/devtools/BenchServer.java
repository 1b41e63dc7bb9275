package org.learnstream.jobs.devtools;

import com.clickhouse.client.api.Client;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.config.ConfigException;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.local.LocalClickHouse;
import org.learnstream.pipeline.local.LocalClickHouseSettings;

/** The ClickHouse a benchmark loads and measures: the server clickhouse.url names, else a private embedded one. */
final class BenchServer implements AutoCloseable {

  final ClickHouseEndpoint endpoint;
  private final LocalClickHouse local;

  private BenchServer(ClickHouseEndpoint endpoint, LocalClickHouse local) {
    this.endpoint = endpoint;
    this.local = local;
  }

  /** @param dataDir where the embedded server keeps its data for a later {@code --reuse}, or null for a temporary one */
  static BenchServer open(ReadableConfig settings, String database, Path dataDir, PrintStream out) {
    String url = settings.get(RuntimeOptions.CLICKHOUSE_URL);
    if (url != null) {
      return new BenchServer(ClickHouseEndpoint.withPasswordFromEnv(url, settings.get(RuntimeOptions.CLICKHOUSE_USER),
          RuntimeOptions.CLICKHOUSE_PASSWORD_ENV, database), null);
    }
    LocalClickHouseSettings local = LocalClickHouseSettings.defaults()
        .withBinarySetting(settings.get(RuntimeOptions.CLICKHOUSE_BINARY));
    LocalClickHouse server = LocalClickHouse.start(dataDir == null
        ? local
        : local.withBaseDir(dataDir).withKeepData(true));
    out.println("ClickHouse: private clickhouse-server at " + server.httpUrl());
    return new BenchServer(ClickHouseEndpoint.withoutPassword(server.httpUrl(), database), server);
  }

  /**
   * Whether the rows of {@code table} (qualified) are to be measured as they are ({@code --reuse}); false when it is
   * empty and to be loaded. Rows without {@code --reuse}, or {@code --reuse} without rows, are a usage error.
   */
  static boolean reusing(Client client, String table, boolean reuse, PrintStream out) {
    long present = ClickHouseQueries.count(client, table);
    if (reuse) {
      if (present == 0) {
        throw new ConfigException("--reuse: " + table + " is empty; run once without --reuse to load it");
      }
      out.printf(Locale.ROOT, "Reusing %,d rows already in %s%n", present, table);
      return true;
    }
    if (present > 0) {
      throw new ConfigException(table + " already holds " + present + " rows: pass --reuse to measure them, or "
          + "--database with a new name");
    }
    return false;
  }

  @Override
  public void close() {
    if (local != null) {
      local.close();
    }
  }
}
