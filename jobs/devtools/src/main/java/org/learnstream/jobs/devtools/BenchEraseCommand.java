package org.learnstream.jobs.devtools;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.bench.ErasureBenchStore;
import org.learnstream.jobs.bench.LoadAverage;
import org.learnstream.jobs.cli.ConfigMixin;
import org.learnstream.jobs.cli.SettingOverrides;
import org.learnstream.jobs.settings.EraseBenchOptions;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.ErasureReceipts;
import org.learnstream.pipeline.clickhouse.LearnerErasure;
import org.learnstream.pipeline.clickhouse.SchemaMigrations;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.Pseudonymizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code learnstream bench erase}: the time to erase one learner from a store of millions of events. */
@Command(name = "erase", mixinStandardHelpOptions = true,
    description = {"Loads synthetic events of one tenant into ClickHouse (learning_events and, derived from them, "
        + "mastery updates and the daily aggregates, alerts and their deliveries, the directory, late events, dead "
        + "letters and the statement-read tables), then erases one learner by e-mail address through the code of "
        + "learnstream erase and prints the total time, each step's time, the rows removed and the verification, "
        + "next to a yardstick measured in the same run: one scan of the statement text for the address."})
final class BenchEraseCommand implements Callable<Integer> {

  private static final String TENANT = "school-00";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin
  ConfigMixin config;

  @Option(names = "--events", paramLabel = "N",
      description = "Sets bench.erase.events: Events loaded before the erasure is timed.")
  Long eventsFlag;

  @Option(names = "--database", paramLabel = "NAME",
      description = "Sets bench.erase.database: Database the events are loaded into.")
  String databaseFlag;

  @Option(names = "--clickhouse-url", paramLabel = "URL",
      description = "Sets clickhouse.url: Measure on this server instead of a private embedded one.")
  String clickHouseUrl;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Keep the embedded server's data here, so that a later run with --reuse skips the load.")
  Path dataDir;

  @Option(names = "--reuse",
      description = "Erase from the events already loaded in --database, after loading the rest of --events (each "
          + "run erases another learner).")
  boolean reuse;

  @Spec
  CommandSpec spec;

  private PrintWriter out;
  private PrintWriter progress;

  @Override
  public Integer call() {
    out = spec.commandLine().getOut();
    progress = spec.commandLine().getErr();
    Configuration settings = config.load(new SettingOverrides()
        .set(EraseBenchOptions.EVENTS, eventsFlag)
        .set(EraseBenchOptions.DATABASE, databaseFlag)
        .set(RuntimeOptions.CLICKHOUSE_URL, clickHouseUrl));
    String database = settings.get(EraseBenchOptions.DATABASE);
    String events = database + ".learning_events";
    try (BenchServer server = BenchServer.open(settings, database, dataDir, System.out);
        Client client = ClickHouseClients.create(server.endpoint, Duration.ofMinutes(30))) {
      out.println("ClickHouse: " + ClickHouseQueries.text(client, "SELECT version() FORMAT TabSeparated").strip()
          + ", database " + database + " (" + SchemaMigrations.apply(client, database).size() + " migrations applied)");
      long count = settings.get(EraseBenchOptions.EVENTS);
      long present = BenchServer.reusing(client, events, reuse, System.out)
          ? ClickHouseQueries.count(client, events)
          : 0;
      long t0 = System.nanoTime();
      if (present < count) {
        BenchStatementsCommand.load(client, database, TENANT, count, present, progress);
      }
      if (ClickHouseQueries.count(client, database + ".mastery_updates") == 0) {
        new ErasureBenchStore(client, database).fillFromEvents(progress);
        out.printf(Locale.ROOT, "Loaded in %.0f s%n", (System.nanoTime() - t0) / 1e9);
      }
      out.printf(Locale.ROOT, "Store: %,d events of %,d learners; %,d rows in every table of %s%n",
          ClickHouseQueries.count(client, events),
          ClickHouseQueries.scalarLong(client, "SELECT uniqExact(learner) FROM " + events),
          ClickHouseQueries.scalarLong(client, "SELECT sum(rows) FROM system.parts WHERE active AND database = "
              + ClickHouseQueries.quote(database)),
          database);
      return erase(client, database, events);
    }
  }

  private int erase(Client client, String database, String events) {
    String learner = ClickHouseQueries.text(client, "SELECT learner FROM " + events + " WHERE tenant = "
        + ClickHouseQueries.quote(TENANT) + " GROUP BY learner ORDER BY length(learner) DESC, learner DESC LIMIT 1 "
        + "FORMAT TabSeparatedRaw").strip();
    ActorIdentifier mbox = mboxOf(client, events, learner);
    long learnerEvents = ClickHouseQueries.scalarLong(client, "SELECT count() FROM " + events + " WHERE learner = "
        + ClickHouseQueries.quote(learner));
    out.printf(Locale.ROOT, "%nErasing learner %s (%,d events) by e-mail address; load average before: %s%n",
        learner, learnerEvents, LoadAverage.read());
    LearnerErasure erasure = new LearnerErasure(client, database, Pseudonymizer.unkeyed(), Duration.ofHours(1));
    Map<String, Duration> steps = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    LearnerErasure.Plan plan = erasure.plan(new LearnerErasure.Learner(TENANT, learner, Optional.of(mbox)));
    steps.put("plan", Duration.ofNanos(System.nanoTime() - t0));
    ErasureReceipts.Receipt receipt = erasure.execute(plan, Instant.now(), "bench", new LearnerErasure.Listener() {
      private String last = "";

      @Override
      public void mutationsPending(long mutations, long partsToDo) {
        String now = String.format(Locale.ROOT, "  %d mutations, %d parts to rewrite after %.0f s", mutations,
            partsToDo, (System.nanoTime() - t0) / 1e9);
        if (!now.substring(0, now.indexOf(" after")).equals(last)) {
          progress.println(now);
          last = now.substring(0, now.indexOf(" after"));
        }
      }

      @Override
      public void stepDone(String step, Duration took) {
        steps.put(step, took);
      }
    });
    double total = (System.nanoTime() - t0) / 1e9;
    double keyed = seconds(
        () -> ClickHouseQueries.scalarLong(client, "SELECT count() FROM " + events + " WHERE learner = "
            + ClickHouseQueries.quote(learner)));
    double textScan = seconds(
        () -> ClickHouseQueries.scalarLong(client, "SELECT count() FROM " + events + " WHERE positionCaseInsensitive("
            + "ifNull(statement_json, ''), " + ClickHouseQueries.quote(mbox.mentions().get(0)) + ") > 0"));
    out.printf(Locale.ROOT, "erase: %.1f s in total (target: under 60 s)%n", total);
    steps.forEach((step, took) -> out.printf(Locale.ROOT, "  %-13s %6.1f s%n", step, took.toNanos() / 1e9));
    out.printf(Locale.ROOT, "  %-13s %6.1f s%n", "receipt", total - steps.values().stream()
        .mapToLong(Duration::toNanos).sum() / 1e9);
    receipt.rowsRemoved().forEach((table, rows) -> out.printf(Locale.ROOT, "  removed %,10d  %s%n", rows, table));
    out.printf(Locale.ROOT, "removed=%d verified=%s (%d tables scanned)%n", receipt.totalRemoved(),
        receipt.verified() ? "yes" : "no", receipt.scan().tablesScanned());
    out.printf(Locale.ROOT, "yardstick: one scan of statement_json for the address %.2f s, count by learner key "
        + "%.2f s; erase / text scan = %.1f%n", textScan, keyed, total / textScan);
    out.printf(Locale.ROOT, "load average after: %s%n", LoadAverage.read());
    return receipt.verified() ? 0 : 1;
  }

  /** The learner's e-mail address, as their statements carry it. */
  private static ActorIdentifier mboxOf(Client client, String events, String learner) {
    String statement = ClickHouseQueries.text(client, "SELECT statement_json FROM " + events + " WHERE learner = "
        + ClickHouseQueries.quote(learner) + " AND isNotNull(statement_json) LIMIT 1 FORMAT TabSeparatedRaw");
    try {
      return ActorIdentifier.mbox(JSON.readTree(statement).path("actor").path("mbox").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double seconds(Runnable query) {
    long t0 = System.nanoTime();
    query.run();
    return (System.nanoTime() - t0) / 1e9;
  }
}
