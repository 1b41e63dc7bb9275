package org.learnstream.jobs.cli;

import com.clickhouse.client.api.Client;
import java.net.URI;
import java.util.function.BiFunction;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;

/** The ClickHouse server of clickhouse.url for the skills verbs, checked to answer and to hold the catalog tables. */
final class SkillsClickHouse {

  private SkillsClickHouse() {
  }

  /** Runs {@code work} with a client and the database name; the client is closed after. */
  static <T> T with(ConfigMixin config, String verb, BiFunction<Client, String, T> work) {
    ClickHouseEndpoint endpoint = ConfiguredClickHouse.endpoint(config.load(), verb);
    Reachability.requireHttp(URI.create(endpoint.url()), "ClickHouse",
        "correct clickhouse.url (LEARNSTREAM_CLICKHOUSE_URL) or start the server");
    try (Client client = ClickHouseClients.create(endpoint)) {
      if (ClickHouseQueries.scalarLong(client, "EXISTS TABLE " + endpoint.database() + ".framework_imports") == 0) {
        throw new IllegalArgumentException("database " + endpoint.database() + " has no skill catalog tables "
            + "yet; run 'learnstream migrate' first");
      }
      return work.apply(client, endpoint.database());
    }
  }
}
