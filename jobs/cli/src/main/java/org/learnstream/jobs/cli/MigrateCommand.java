package org.learnstream.jobs.cli;

import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.SchemaMigrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Applies the pending ClickHouse schema migrations to the server given by clickhouse.url. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = {"Apply pending ClickHouse schema migrations (recorded in schema_migrations) to the server "
        + "given by clickhouse.url / LEARNSTREAM_CLICKHOUSE_URL.",
        "The embedded runtime migrates by itself."})
final class MigrateCommand implements Callable<Integer> {

  @Mixin
  ConfigMixin config;

  @Override
  public Integer call() throws Exception {
    Configuration settings = config.load();
    ClickHouseEndpoint endpoint = ConfiguredClickHouse.endpoint(settings, "migrate");
    Reachability.requireServicesOf(settings);
    String database = endpoint.database();
    try (var client = ClickHouseClients.create(endpoint)) {
      var applied = SchemaMigrations.apply(client, database);
      System.out.println("database " + database + " on " + endpoint + ": " + applied.size() + " migrations applied"
          + (applied.isEmpty() ? " (already up to date)" : ""));
      applied.forEach(m -> System.out.println("  V" + m.version() + " " + m.name()));
    }
    return 0;
  }
}
