package org.learnstream.jobs.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.pipeline.SinkDeduplication;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.MigrationPace;
import org.learnstream.pipeline.clickhouse.SchemaMigrations;
import org.learnstream.pipeline.clickhouse.SchoolDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Applies the pending ClickHouse schema migrations to the server given by clickhouse.url, then, on servers that are
 * sent insert deduplication tokens, the deduplication window on the sinks' tables.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = {"Apply pending ClickHouse schema migrations (recorded in schema_migrations) to the server "
        + "given by clickhouse.url / LEARNSTREAM_CLICKHOUSE_URL.",
        "A statement that runs long (a migration copying existing rows) is reported every 30 s and may run for "
            + "clickhouse.migration-timeout.",
        "On ClickHouse 22.2 and later it then sets non_replicated_deduplication_window on the tables the "
            + "pipeline's sinks write, so a retried insert is dropped at once; older servers skip this.",
        "The embedded runtime migrates by itself."})
final class MigrateCommand implements Callable<Integer> {

  @Mixin
  ConfigMixin config;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Configuration settings = config.load();
    ClickHouseEndpoint endpoint = ConfiguredClickHouse.endpoint(settings, "migrate");
    Reachability.requireServicesOf(settings);
    String database = endpoint.database();
    PrintWriter out = spec.commandLine().getOut();
    MigrationPace pace = RuntimeOptions.migrationPace(settings, line -> {
      out.println("  " + line);
      out.flush();
    });
    try (var client = ClickHouseClients.create(endpoint)) {
      var applied = SchemaMigrations.apply(client, database, pace);
      out.println("database " + database + " on " + endpoint + ": " + applied.size() + " migrations applied"
          + (applied.isEmpty() ? " (already up to date)" : ""));
      applied.forEach(m -> out.println("  V" + m.version() + " " + m.name()));
      SinkDeduplication.apply(SchoolDatabase.Sql.of(client), database).lines().forEach(out::println);
    }
    return 0;
  }
}
