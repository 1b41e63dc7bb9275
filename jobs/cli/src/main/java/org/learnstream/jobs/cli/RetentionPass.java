package org.learnstream.jobs.cli;

import com.clickhouse.client.api.Client;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
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

/**
 * One pass of retention over an installation's stores, as {@code learnstream retention} runs it and {@code serve}
 * runs it on its own ({@link ScheduledRetention}): the Kafka topics (records dated before the window, on the
 * pipeline's input only what its consumer group has read), every ClickHouse database (the shared one, then each
 * school's with its own windows), then the documents database (the learners' State and Agent Profile documents,
 * attachment content, learner records not used within the events' window, erasure memos). Each step is told to
 * {@code out} as it is done and recorded in {@code retention_runs}, and a pass that found nothing past any window
 * records one row saying so ({@link #NOTHING_DUE}), so that the table shows every pass; a dry run only tells them.
 * The lines name topics, partitions, tables, tenants and counts, never a learner.
 */
final class RetentionPass {

  /** The action of the one row a run that found nothing past any window records. */
  static final String NOTHING_DUE = "nothing_due";

  /** The ClickHouse steps of one database. */
  private record DatabaseSteps(String database, List<ClickHouseRetention.Step> steps) {
  }

  /** What the documents database's part of a pass found (steps) and removed (rows per table). */
  private record DocumentsDone(int steps, Map<DocumentRetention.Target, Long> removed) {
    String summary() {
      StringBuilder summary = new StringBuilder();
      for (DocumentRetention.Target target : DocumentRetention.Target.values()) {
        summary.append(' ').append(target.table()).append('=').append(removed.getOrDefault(target, 0L));
      }
      return summary.toString();
    }
  }

  private final Configuration settings;
  private final ClickHouseEndpoint endpoint;
  private final String bootstrap;
  private final boolean dryRun;
  private final Duration wait;
  private final Consumer<String> out;

  /**
   * @param wait how long to wait for each ClickHouse deletion to finish
   * @param out where each step is told, a line at a time
   */
  RetentionPass(Configuration settings, ClickHouseEndpoint endpoint, String bootstrap, boolean dryRun, Duration wait,
      Consumer<String> out) {
    this.settings = settings;
    this.endpoint = endpoint;
    this.bootstrap = bootstrap;
    this.dryRun = dryRun;
    this.wait = wait;
    this.out = out;
  }

  /**
   * Runs the pass; its last line sums it up.
   *
   * @param documents the documents database, or null when there is none: {@code noDocuments} then says why
   */
  void run(DocumentDatabase documents, String noDocuments) {
    Map<Kind, RetentionWindows> windows = new EnumMap<>(Kind.class);
    windows.put(Kind.STATEMENTS, RetentionOptions.statements(settings));
    windows.put(Kind.EVENTS, RetentionOptions.events(settings));
    String prefix = settings.get(PipelineOptions.TOPIC_PREFIX);
    List<TopicSpec> topics = TopicRetention.withWindows(Topics.defaults(1).stream()
        .map(t -> new TopicSpec(prefix + t.name(), t.partitions(), t.compacted(), t.retention())).toList(), prefix,
        windows.get(Kind.STATEMENTS).longest(), windows.get(Kind.EVENTS).longest());
    Instant now = Instant.now();
    try (Admin admin = Admin.create(adminProperties(bootstrap)); Client client = ClickHouseClients.create(endpoint)) {
      requireMigrated(client, endpoint);
      String group = settings.get(PipelineOptions.CONSUMER_GROUP);
      List<TopicRetention.Step> topicSteps = TopicRetention.plan(admin, topics, now,
          Map.of(prefix + Topics.XAPI_STATEMENTS, group));
      List<DatabaseSteps> tableSteps = plan(client, endpoint.database(), windows, now);
      int tableStepCount = tableSteps.stream().mapToInt(d -> d.steps().size()).sum();
      String verb = dryRun ? "would remove" : "removing";
      out.accept((dryRun ? "retention dry run" : "retention run") + " at " + now + ": "
          + topicSteps.size() + " topic steps, " + tableStepCount + " table steps");
      RetentionRuns runs = dryRun ? null : new RetentionRuns(client, endpoint.database());
      String runId = UUID.randomUUID().toString();
      String who = System.getProperty("user.name");
      long records = 0;
      for (TopicRetention.Step step : topicSteps) {
        if (step.action() == TopicRetention.Action.KEEP_UNREAD) {
          out.accept("keeping store=kafka topic=" + step.topic() + " partition=" + step.partition() + " records="
              + step.records() + " from offset " + step.beforeOffset() + ": past the window but not yet read by "
              + "the pipeline (consumer group " + group + "); a later run removes them once read");
          continue;
        }
        out.accept(verb + " " + describe(step));
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
          out.accept(verb + " store=clickhouse table=" + database.database() + "." + step.table() + " scope=\""
              + step.scope() + "\" rows=" + step.rows());
          if (!dryRun) {
            long started = System.nanoTime();
            retention.apply(step, wait, out::accept);
            runs.record(runId, who, new RetentionRuns.Entry("clickhouse", database.database() + "." + step.table(),
                step.scope(), step.action().name().toLowerCase(java.util.Locale.ROOT), step.rows(), step.cutoff()));
            out.accept(String.format("  done in %.1f s", (System.nanoTime() - started) / 1e9));
          }
          rows += step.rows();
        }
      }
      DocumentsDone documentsDone = null;
      if (documents == null) {
        out.accept("documents: " + noDocuments);
      } else {
        documentsDone = documents(documents, windows.get(Kind.EVENTS), now, verb, runs, runId, who);
      }
      // steps of every kind, those that keep unread records included: nothing is due only without any
      int found = topicSteps.size() + tableStepCount + (documentsDone == null ? 0 : documentsDone.steps());
      if (!dryRun && found == 0) {
        // a run that found nothing past any window is evidence too: that retention ran, and when
        runs.record(runId, who, new RetentionRuns.Entry("all", endpoint.database(), "every store", NOTHING_DUE, 0,
            now));
      }
      out.accept((dryRun ? "would remove" : "removed") + ": kafka_records=" + records + " clickhouse_rows=" + rows
          + (documentsDone == null ? "" : documentsDone.summary()) + (dryRun
              ? " (dry run: nothing changed)"
              : " run_id=" + runId + " (recorded in " + endpoint.database()
                  + "." + RetentionRuns.TABLE + ")"));
    }
  }

  /**
   * The rows of the documents database past the events' window (the learners' State and Agent Profile documents,
   * attachment content, unused learner records, erasure memos): the steps found and what they removed.
   */
  private DocumentsDone documents(DocumentDatabase database, RetentionWindows events, Instant now, String verb,
      RetentionRuns runs, String runId, String who) {
    try {
      DocumentRetention retention = new DocumentRetention(database);
      List<DocumentRetention.Step> steps = retention.plan(events, now);
      Map<DocumentRetention.Target, Long> removed = new EnumMap<>(DocumentRetention.Target.class);
      for (DocumentRetention.Step step : steps) {
        step.rows().forEach((target, rows) -> out.accept(verb + " store=documents table=" + target.table()
            + " tenant=" + step.tenant() + " rows=" + rows + " before=" + step.cutoff()));
        DocumentRetention.Step gone = dryRun ? step : retention.apply(step);
        for (DocumentRetention.Target target : step.rows().keySet()) {
          if (!dryRun) {
            runs.record(runId, who, new RetentionRuns.Entry("documents", target.table(), "tenant " + step.tenant(),
                target.action(), gone.rowsOf(target), step.cutoff()));
          }
          removed.merge(target, gone.rowsOf(target), Long::sum);
        }
      }
      return new DocumentsDone(steps.size(), removed);
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
