package org.learnstream.jobs.devtools;

import org.learnstream.jobs.cli.SettingOverrides;
import org.learnstream.jobs.cli.ConfigMixin;
import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.bench.LoadAverage;
import org.learnstream.jobs.bench.ShapeTiming;
import org.learnstream.jobs.bench.StatementReadShapes;
import org.learnstream.jobs.settings.StatementsBenchOptions;
import org.learnstream.jobs.bench.SyntheticStatements;
import org.learnstream.jobs.ingest.ClickHouseStatementStore;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.SchemaMigrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code learnstream bench statements}: every read of {@code GET /xapi/statements} on millions of stored statements. */
@Command(name = "statements", mixinStandardHelpOptions = true,
    description = {"Loads synthetic statements of one tenant into ClickHouse (learning_events, as the pipeline "
        + "writes them), then times every read GET /xapi/statements makes (by id, voidedStatementId, each filter, "
        + "more paging, ascending) through the endpoint's own query builder and prints the median and p99 latency "
        + "of each and the rows ClickHouse read for it, flagging those over the target."})
final class BenchStatementsCommand implements Callable<Integer> {

  private static final String TENANT = "school-00";

  @Mixin
  ConfigMixin config;

  @Option(names = "--statements", paramLabel = "N",
      description = "Sets bench.statements.count: Statements loaded before the reads are timed.")
  Long statementsFlag;

  @Option(names = "--runs", paramLabel = "N", description = "Sets bench.statements.runs: Measured runs per shape.")
  Integer runsFlag;

  @Option(names = "--target-ms", paramLabel = "MS",
      description = "Sets bench.statements.target: Median latency a shape should stay under.")
  Long targetMillisFlag;

  @Option(names = "--database", paramLabel = "NAME",
      description = "Sets bench.statements.database: Database the statements are loaded into.")
  String databaseFlag;

  @Option(names = "--clickhouse-url", paramLabel = "URL",
      description = "Sets clickhouse.url: Measure on this server instead of a private embedded one (nothing else "
          + "may query it meanwhile: rows read come from its query log).")
  String clickHouseUrl;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Keep the embedded server's data here, so that a later run with --reuse skips the load.")
  Path dataDir;

  @Option(names = "--reuse",
      description = "Measure the statements already loaded in --database, after loading the rest of --statements.")
  boolean reuse;

  private final PrintStream out = System.out;

  @Override
  public Integer call() {
    Configuration settings = config.load(new SettingOverrides()
        .set(StatementsBenchOptions.STATEMENTS, statementsFlag)
        .set(StatementsBenchOptions.RUNS, runsFlag)
        .set(StatementsBenchOptions.TARGET, targetMillisFlag == null ? null : Duration.ofMillis(targetMillisFlag))
        .set(StatementsBenchOptions.DATABASE, databaseFlag)
        .set(RuntimeOptions.CLICKHOUSE_URL, clickHouseUrl));
    String database = settings.get(StatementsBenchOptions.DATABASE);
    try (BenchServer server = BenchServer.open(settings, database, dataDir, out);
        Client client = ClickHouseClients.loggingQueries(server.endpoint)) {
      out.println("ClickHouse: " + ClickHouseQueries.text(client, "SELECT version() FORMAT TabSeparated").strip()
          + ", database " + database + " (" + SchemaMigrations.apply(client, database).size() + " migrations applied)");
      long count = settings.get(StatementsBenchOptions.STATEMENTS);
      long present = BenchServer.reusing(client, database + ".learning_events", reuse, out)
          ? ClickHouseQueries.count(client, database + ".learning_events")
          : 0;
      if (present < count) {
        load(client, database, TENANT, count, present, new PrintWriter(out, true));
      }
      measure(client, database, settings.get(StatementsBenchOptions.RUNS),
          settings.get(StatementsBenchOptions.TARGET).toMillis());
    }
    return 0;
  }

  /**
   * Statements {@code from} to {@code count} of {@code tenant}, each INSERT reported on {@code progress}: a reused load
   * that stopped short is completed.
   */
  static void load(Client client, String database, String tenant, long count, long from, PrintWriter progress) {
    SyntheticStatements statements = new SyntheticStatements(database, tenant, count, Instant.now().toEpochMilli());
    progress.printf(Locale.ROOT, "Loading statements %,d to %,d of tenant %s%n", from, count, tenant);
    long t0 = System.nanoTime();
    long loaded = from;
    for (String insert : statements.inserts(from)) {
      ClickHouseQueries.execute(client, insert, ClickHouseQueries.SMALL_INSERT_BLOCKS);
      loaded = Math.min(count, loaded + statements.rowsPerInsert());
      progress.printf(Locale.ROOT, "  %,d / %,d after %.0f s%n", loaded, count, (System.nanoTime() - t0) / 1e9);
    }
  }

  private void measure(Client client, String database, int runs, long targetMillis) {
    String table = database + ".learning_events";
    String tenant = ClickHouseQueries.quote(TENANT);
    long middle = ClickHouseQueries.scalarLong(client, "SELECT toUInt64(avg(stored_ms)) FROM " + table);
    JsonNode sample = StatementReadShapes.parse(ClickHouseQueries.text(client, "SELECT statement_json FROM " + table
        + " WHERE tenant = " + tenant + " AND kind = 'RESPONSE' AND stored_ms >= " + middle
        + " ORDER BY stored_ms LIMIT 1 FORMAT TabSeparatedRaw"));
    String voidedId = ClickHouseQueries.text(client, "SELECT voided_statement_id FROM " + table + " WHERE tenant = "
        + tenant + " AND kind = 'VOIDING' AND stored_ms >= " + middle + " ORDER BY stored_ms LIMIT 1 FORMAT "
        + "TabSeparatedRaw").strip();
    List<StatementReadShapes.Shape> shapes = StatementReadShapes.all(new ClickHouseStatementStore(client, database),
        TENANT, sample, voidedId);
    out.printf(Locale.ROOT, "%nTiming %d read shapes %d times each (+1 warm-up) on %,d stored statements; load "
        + "average before: %s%n", shapes.size(), runs, ClickHouseQueries.count(client, table), LoadAverage.read());
    out.printf(Locale.ROOT, "%8s %8s %9s %12s %9s  %s%n", "median", "p99", "returned", "rows read", "MB read",
        "shape");
    List<ShapeTiming> results = new ArrayList<>();
    for (StatementReadShapes.Shape shape : shapes) {
      ShapeTiming t = ShapeTiming.measure(client, shape, runs);
      results.add(t);
      if (t.failure() != null) {
        out.printf(Locale.ROOT, "%8s %8s %9s %12s %9s  %s   <-- FAILED: %s%n", "-", "-", "-", "-", "-", t.label(),
            t.failure());
        continue;
      }
      String flag = t.meets(targetMillis) ? "" : "   <-- OVER " + targetMillis + " ms";
      out.printf(Locale.ROOT, "%5d ms %5d ms %9d %,12d %9.1f  %s%s%n", t.medianMillis(), t.p99Millis(), t.returned(),
          t.rowsRead(), t.bytesRead() / 1e6, t.label(), flag);
    }
    out.printf(Locale.ROOT, "Load average after: %s%n%d of %d shapes met the %d ms target (median of %d runs)%n",
        LoadAverage.read(), results.stream().filter(r -> r.meets(targetMillis)).count(), results.size(), targetMillis,
        runs);
  }
}
