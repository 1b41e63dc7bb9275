package org.learnstream.jobs.devtools;

import org.learnstream.jobs.cli.SettingOverrides;
import org.learnstream.jobs.cli.ConfigMixin;
import com.clickhouse.client.api.Client;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.settings.QueryBenchOptions;
import org.learnstream.jobs.config.ConfigException;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.pipeline.bench.BenchDataset;
import org.learnstream.pipeline.bench.BenchQueries;
import org.learnstream.pipeline.bench.QueryLatency;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.SchemaMigrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code learnstream bench queries}: latency of every dashboard panel and cookbook query on a generated district. */
@Command(name = "queries", mixinStandardHelpOptions = true,
    description = {"Loads a generated school district (learning events, mastery updates, alerts, ...) into "
        + "ClickHouse, then runs every Grafana panel query (expanded as Grafana would) and every cookbook "
        + "query several times and prints the median and max latency of each, flagging those over the "
        + "target."})
public final class BenchQueriesCommand implements Callable<Integer> {

  @Mixin
  ConfigMixin config;

  @Option(names = "--events", paramLabel = "N", description = "Sets bench.queries.events: Learning events to generate.")
  Long eventsFlag;

  @Option(names = "--tenants", paramLabel = "N",
      description = "Sets bench.queries.tenants: Schools; ~500 events per learner, learners spread evenly.")
  Integer tenantsFlag;

  @Option(names = "--runs", paramLabel = "N",
      description = "Sets bench.queries.runs: Measured runs per query (after one warm-up).")
  Integer runsFlag;

  @Option(names = "--target-ms", paramLabel = "MS",
      description = "Sets bench.queries.target: Latency target per query.")
  Long targetMillisFlag;

  @Option(names = "--database", paramLabel = "NAME",
      description = "Sets bench.queries.database: Database the district is loaded into (never the pipeline's).")
  String databaseFlag;

  @Option(names = "--clickhouse-url", paramLabel = "URL",
      description = "Sets clickhouse.url: Measure on this server instead of a private embedded one (user and "
          + "password as in the settings clickhouse.user / " + RuntimeOptions.CLICKHOUSE_PASSWORD_ENV + ").")
  String clickHouseUrl;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Keep the embedded server's data here, so that a later run with --reuse skips the load.")
  Path dataDir;

  @Option(names = "--reuse", description = "Measure the district already loaded in --database instead of loading one.")
  boolean reuse;

  @Option(names = "--dashboards", paramLabel = "DIR",
      description = "Sets bench.queries.dashboards: Directory of the Grafana dashboard JSON files.")
  Path dashboardsFlag;

  private int runs;
  private long targetMillis;
  private String database;
  private Path dashboards;

  private final PrintStream out = System.out;

  /** The settings with the flags applied over them. */
  public Configuration settings() {
    Configuration settings = config.load(new SettingOverrides()
        .set(QueryBenchOptions.EVENTS, eventsFlag)
        .set(QueryBenchOptions.TENANTS, tenantsFlag)
        .set(QueryBenchOptions.RUNS, runsFlag)
        .set(QueryBenchOptions.TARGET, targetMillisFlag == null ? null : Duration.ofMillis(targetMillisFlag))
        .set(QueryBenchOptions.DATABASE, databaseFlag)
        .set(QueryBenchOptions.DASHBOARDS, dashboardsFlag == null ? null : dashboardsFlag.toString())
        .set(RuntimeOptions.CLICKHOUSE_URL, clickHouseUrl));
    runs = settings.get(QueryBenchOptions.RUNS);
    targetMillis = settings.get(QueryBenchOptions.TARGET).toMillis();
    database = settings.get(QueryBenchOptions.DATABASE);
    dashboards = Path.of(settings.get(QueryBenchOptions.DASHBOARDS));
    return settings;
  }

  @Override
  public Integer call() throws Exception {
    Configuration settings = settings();
    if (!Files.isDirectory(dashboards)) {
      throw new ConfigException("bench.queries.dashboards (--dashboards) " + dashboards.toAbsolutePath()
          + " is not a directory; run from the Learnstream checkout or pass the path of dashboards/grafana");
    }
    BenchDataset dataset = BenchDataset.of(settings.get(QueryBenchOptions.EVENTS),
        settings.get(QueryBenchOptions.TENANTS));
    try (BenchServer server = BenchServer.open(settings, database, dataDir, out);
        Client client = ClickHouseClients.create(server.endpoint)) {
      out.println("ClickHouse: " + ClickHouseQueries.text(client, "SELECT version() FORMAT TabSeparated").strip()
          + ", database " + database + " (" + SchemaMigrations.apply(client, database).size() + " migrations applied)");
      load(client, dataset);
      measure(client, dataset);
    }
    return 0;
  }

  private void load(Client client, BenchDataset dataset) {
    if (BenchServer.reusing(client, database + ".learning_events", reuse, out)) {
      return;
    }
    out.printf(Locale.ROOT, "Loading %,d events: %d schools, %,d learners, %d days ending %s%n", dataset.events(),
        dataset.tenants(), dataset.learners(), dataset.days(), dataset.lastDayExclusive().minusDays(1));
    long t0 = System.nanoTime();
    long loaded = 0;
    for (BenchDataset.Step step : dataset.steps(database)) {
      long s0 = System.nanoTime();
      ClickHouseQueries.execute(client, step.sql());
      loaded += step.events();
      out.printf(Locale.ROOT, "  %-18s %5.1f s   events %,d / %,d (%.0f%%)%n", step.label(), seconds(s0), loaded,
          dataset.events(), 100.0 * loaded / dataset.events());
    }
    out.printf(Locale.ROOT, "Loaded in %.1f s:%n", seconds(t0));
    for (String table : List.of("learning_events", "mastery_updates", "mastery_current", "skill_daily", "learner_daily",
        "class_daily", "skill_attempt_daily", "learner_skill_progress",
        "alerts", "alert_deliveries", "late_events", "dead_letters", "learner_directory")) {
      out.printf(Locale.ROOT, "  %-22s %,13d rows%n", table, ClickHouseQueries.count(client, database + "." + table));
    }
  }

  private void measure(Client client, BenchDataset dataset) {
    List<BenchQueries.NamedQuery> queries = BenchQueries.all(client, database, dashboards, dataset);
    out.printf(Locale.ROOT, "%nRunning %d queries %d times each (+1 warm-up) for tenant %s; load average before: %s%n",
        queries.size(), runs, BenchDataset.tenant(0), loadAverage());
    out.printf(Locale.ROOT, "%8s %8s %7s  %s%n", "median", "max", "rows", "query");
    List<QueryLatency> results = new ArrayList<>();
    for (BenchQueries.NamedQuery query : queries) {
      QueryLatency latency = QueryLatency.measure(client, query, runs);
      results.add(latency);
      out.printf(Locale.ROOT, "%6d ms %5d ms %7d  %s%s%n", latency.medianMillis(), latency.maxMillis(), latency.rows(),
          latency.label(), latency.meets(targetMillis) ? "" : "   <-- OVER " + targetMillis + " ms");
    }
    long met = results.stream().filter(r -> r.meets(targetMillis)).count();
    long slowest = results.stream().mapToLong(QueryLatency::medianMillis).max().orElse(0);
    out.printf(Locale.ROOT, "Load average after: %s%n", loadAverage());
    out.printf(Locale.ROOT, "%d of %d queries met the %d ms target (median of %d runs); slowest median %d ms%n",
        met, results.size(), targetMillis, runs, slowest);
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2] + " (" + Runtime.getRuntime().availableProcessors()
          + " cores)";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
