package org.learnstream.jobs.cli;

import com.clickhouse.client.api.Client;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.learnstream.jobs.config.ConfigException;
import org.learnstream.jobs.ingest.documents.DocumentDatabase;
import org.learnstream.jobs.ingest.documents.DocumentRetention;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.settings.RetentionOptions;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.ClickHouseRetention;
import org.learnstream.pipeline.clickhouse.RetentionRuns;
import org.learnstream.pipeline.clickhouse.RetentionTables.Kind;
import org.learnstream.pipeline.clickhouse.RetentionWindows;
import org.learnstream.pipeline.clickhouse.SchoolDatabase;
import org.learnstream.pipeline.clickhouse.TenantRegistry;
import org.learnstream.pipeline.kafka.TopicRetention;
import org.learnstream.pipeline.kafka.TopicSpec;
import org.learnstream.pipeline.kafka.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Removes what has outlived its retention window from Kafka and ClickHouse, and records what went. */
@Command(name = "retention", mixinStandardHelpOptions = true,
    description = {"Remove learners' data past its retention window (retention.* settings) from the Kafka topics "
        + "of kafka.bootstrap-servers and the ClickHouse of clickhouse.url, including the schools' databases, and "
        + "the learners' xAPI State and Agent Profile documents not written within the events' window from the "
        + "documents database (documents.url, or the embedded one under runtime.data-dir).",
        "Each step is printed as it is done and recorded in the table retention_runs; --dry-run only lists them."})
final class RetentionCommand implements Callable<Integer> {

  @Mixin
  ConfigMixin config;

  @Spec
  CommandSpec spec;

  @Option(names = "--dry-run", description = "List what would be removed (per topic partition, table partition "
      + "and tenant, with records and rows) and change nothing.")
  boolean dryRun;

  @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "PT1H",
      description = "How long to wait for each ClickHouse deletion to finish (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration wait;

  /** The ClickHouse steps of one database. */
  private record DatabaseSteps(String database, List<ClickHouseRetention.Step> steps) {
  }

  @Override
  public Integer call() {
    Configuration settings = config.load();
    ClickHouseEndpoint endpoint = ConfiguredClickHouse.endpoint(settings, "retention");
    String bootstrap = settings.get(PipelineOptions.KAFKA_BOOTSTRAP);
    if (bootstrap == null) {
      throw new ConfigException("retention needs the Kafka of the event log: set kafka.bootstrap-servers in --config"
          + " or LEARNSTREAM_KAFKA_BOOTSTRAP_SERVERS=host:9092");
    }
    Reachability.requireServicesOf(settings);
    Map<Kind, RetentionWindows> windows = new EnumMap<>(Kind.class);
    windows.put(Kind.STATEMENTS, RetentionOptions.statements(settings));
    windows.put(Kind.EVENTS, RetentionOptions.events(settings));
    String prefix = settings.get(PipelineOptions.TOPIC_PREFIX);
    List<TopicSpec> topics = TopicRetention.withWindows(Topics.defaults(1).stream()
        .map(t -> new TopicSpec(prefix + t.name(), t.partitions(), t.compacted(), t.retention())).toList(), prefix,
        windows.get(Kind.STATEMENTS).longest(), windows.get(Kind.EVENTS).longest());
    PrintWriter out = spec.commandLine().getOut();
    Instant now = Instant.now();
    try (Admin admin = Admin.create(adminProperties(bootstrap)); Client client = ClickHouseClients.create(endpoint)) {
      requireMigrated(client, endpoint);
      String group = settings.get(PipelineOptions.CONSUMER_GROUP);
      List<TopicRetention.Step> topicSteps = TopicRetention.plan(admin, topics, now,
          Map.of(prefix + Topics.XAPI_STATEMENTS, group));
      List<DatabaseSteps> tableSteps = plan(client, endpoint.database(), windows, now);
      String verb = dryRun ? "would remove" : "removing";
      out.println((dryRun ? "retention dry run" : "retention run") + " at " + now + ": "
          + topicSteps.size() + " topic steps, " + tableSteps.stream().mapToInt(d -> d.steps().size()).sum()
          + " table steps");
      RetentionRuns runs = dryRun ? null : new RetentionRuns(client, endpoint.database());
      String runId = UUID.randomUUID().toString();
      String who = System.getProperty("user.name");
      long records = 0;
      for (TopicRetention.Step step : topicSteps) {
        if (step.action() == TopicRetention.Action.KEEP_UNREAD) {
          out.println("keeping store=kafka topic=" + step.topic() + " partition=" + step.partition() + " records="
              + step.records() + " from offset " + step.beforeOffset() + ": past the window but not yet read by "
              + "the pipeline (consumer group " + group + "); a later run removes them once read");
          continue;
        }
        out.println(verb + " " + describe(step));
        out.flush();
        if (!dryRun) {
          TopicRetention.apply(admin, step);
          runs.record(runId, who, entry(step));
        }
        records += step.records();
      }
      long rows = 0;
      for (DatabaseSteps database : tableSteps) {
        ClickHouseRetention retention = new ClickHouseRetention(client, database.database());
        for (ClickHouseRetention.Step step : database.steps()) {
          out.println(verb + " store=clickhouse table=" + database.database() + "." + step.table() + " scope=\""
              + step.scope() + "\" rows=" + step.rows());
          out.flush();
          if (!dryRun) {
            long started = System.nanoTime();
            retention.apply(step, wait, line -> out.println(line));
            runs.record(runId, who, new RetentionRuns.Entry("clickhouse", database.database() + "." + step.table(),
                step.scope(), step.action().name().toLowerCase(java.util.Locale.ROOT), step.rows(), step.cutoff()));
            out.printf("  done in %.1f s%n", (System.nanoTime() - started) / 1e9);
          }
          rows += step.rows();
        }
      }
      String documents = documents(settings, windows.get(Kind.EVENTS), now, verb, out, runs, runId, who);
      out.println((dryRun ? "would remove" : "removed") + ": kafka_records=" + records + " clickhouse_rows=" + rows
          + documents + (dryRun
              ? " (dry run: nothing changed)"
              : " run_id=" + runId + " (recorded in " + endpoint.database()
                  + "." + RetentionRuns.TABLE + ")"));
    }
    return 0;
  }

  /**
   * The learners' State and Agent Profile documents not written within the events' window, from the documents
   * database the settings name; answers the summary's part ({@code " documents=N"}, or nothing when none is named).
   */
  private String documents(Configuration settings, RetentionWindows events, Instant now, String verb, PrintWriter out,
      RetentionRuns runs, String runId, String who) {
    if (!LearnerDocuments.named(settings)) {
      out.println("documents: " + LearnerDocuments.NONE_NAMED);
      return "";
    }
    try (DocumentDatabase database = LearnerDocuments.open(settings)) {
      DocumentRetention retention = new DocumentRetention(database);
      long removed = 0;
      for (DocumentRetention.Step step : retention.plan(events, now)) {
        out.println(verb + " store=documents table=" + DocumentRetention.TARGET + " tenant=" + step.tenant()
            + " documents=" + step.documents() + " before=" + step.cutoff());
        out.flush();
        long gone = dryRun ? step.documents() : retention.apply(step);
        if (!dryRun) {
          runs.record(runId, who, new RetentionRuns.Entry("documents", DocumentRetention.TARGET, "tenant "
              + step.tenant(), "delete_documents", gone, step.cutoff()));
        }
        removed += gone;
      }
      return " documents=" + removed;
    } catch (SQLException e) {
      throw new IllegalStateException("the documents database did not answer (SQLSTATE " + e.getSQLState()
          + "); what is printed above was done, run retention again for the rest", e);
    }
  }

  /** Before anything is removed: a run that could not record what it removed must not start. */
  private static void requireMigrated(Client client, ClickHouseEndpoint endpoint) {
    if (ClickHouseQueries.scalarLong(client, "SELECT count() FROM system.tables WHERE database = "
        + ClickHouseQueries.quote(endpoint.database()) + " AND name = '" + RetentionRuns.TABLE + "'") == 0) {
      throw new ConfigException("database " + endpoint.database() + " on " + endpoint + " has no table "
          + RetentionRuns.TABLE + " to record what retention removes; run 'learnstream migrate' first (or correct "
          + "clickhouse.database)");
    }
  }

  /** The shared database, then each registered school's copy with that school's windows. */
  private static List<DatabaseSteps> plan(Client client, String shared, Map<Kind, RetentionWindows> windows,
      Instant now) {
    List<DatabaseSteps> steps = new ArrayList<>();
    steps.add(new DatabaseSteps(shared, new ClickHouseRetention(client, shared).plan(windows, now)));
    for (TenantRegistry.Tenant tenant : new TenantRegistry(client, shared).list()) {
      String school = new SchoolDatabase(client, shared, tenant.id()).database();
      Map<Kind, RetentionWindows> own = new EnumMap<>(Kind.class);
      windows.forEach((kind, w) -> own.put(kind, RetentionWindows.of(w.of(tenant.id()))));
      steps.add(new DatabaseSteps(school, new ClickHouseRetention(client, school).plan(own, now)));
    }
    return steps;
  }

  private static String describe(TopicRetention.Step step) {
    return step.action() == TopicRetention.Action.SET_RETENTION
        ? "store=kafka topic=" + step.topic() + " set retention.ms=" + step.retention().toMillis()
        : "store=kafka topic=" + step.topic() + " partition=" + step.partition() + " records=" + step.records()
            + " before=" + step.cutoff();
  }

  private static RetentionRuns.Entry entry(TopicRetention.Step step) {
    return step.action() == TopicRetention.Action.SET_RETENTION
        ? new RetentionRuns.Entry("kafka", step.topic(), "retention.ms=" + step.retention().toMillis(),
            "set_retention", 0, step.cutoff())
        : new RetentionRuns.Entry("kafka", step.topic(), "partition " + step.partition(), "delete_records",
            step.records(), step.cutoff());
  }

  private static Properties adminProperties(String bootstrap) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
    return props;
  }
}
