package org.learnstream.jobs.replay;

import com.clickhouse.client.api.Client;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.learnstream.jobs.pipeline.PipelineJob;
import org.learnstream.jobs.pipeline.SinkDeduplication;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.ProjectionTables;
import org.learnstream.pipeline.clickhouse.SchemaMigrations;
import org.learnstream.pipeline.clickhouse.SchoolDatabase;
import org.learnstream.pipeline.kafka.Topics;

/**
 * Rebuilds every ClickHouse projection from the event log and swaps the rebuilt tables in: check that the log is
 * whole, migrate a fresh database {@code <db>_rebuild_<time>}, run {@link ReplayJob} into it to the end of the log
 * as it was at start, check that it holds no fewer events than the live tables, then {@link ProjectionSwap#swap}.
 * The replaced tables stay in {@code <db>_before_replay_<time>}. A refused replay changes no live table.
 *
 * <p>The rebuilt tables hold the log up to the offsets current when the replay started. Stop the live pipeline
 * first: rows it writes during the rebuild go to the tables being replaced and are not in the rebuilt ones.
 */
public final class Replay {

  private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

  /** What a finished replay did; {@code tables} has the rows of each rebuilt table before and after. */
  public record Result(String backupDatabase, long recordsInLog, long eventRows, List<TableRows> tables,
      Duration took) {
  }

  /** Rows of one table (after FINAL) in the live database before the replay and in the rebuilt one. */
  public record TableRows(String table, long before, long after) {
  }

  /**
   * What the user accepts: a log whose first records are gone ({@code partialLog}), rebuilt tables with fewer
   * events than the live ones ({@code fewerEvents}). Both refused by default.
   */
  public record Allowances(boolean partialLog, boolean fewerEvents) {
    public static final Allowances NONE = new Allowances(false, false);
  }

  /** A replay that stopped before swapping anything, and why; {@code tables} is empty when nothing was rebuilt. */
  public static final class Refused extends Exception {
    private final List<TableRows> tables;

    Refused(String reason, List<TableRows> tables) {
      super(reason);
      this.tables = List.copyOf(tables);
    }

    public List<TableRows> tables() {
      return tables;
    }
  }

  /** Told the size of the log once, then the rows written so far, about twice a second. */
  public interface Progress {
    /** Tells nobody: for callers that only want the result. */
    Progress SILENT = new Progress() {
      @Override
      public void started(String rebuildDatabase, long recordsInLog) {
      }

      @Override
      public void written(long eventRows) {
      }
    };

    void started(String rebuildDatabase, long recordsInLog);

    void written(long eventRows);
  }

  private Replay() {
  }

  public static Result run(Configuration config, String bootstrap, ClickHouseEndpoint live, Client client,
      Progress progress) throws Exception {
    return run(config, bootstrap, live, client, Allowances.NONE, progress);
  }

  public static Result run(Configuration config, String bootstrap, ClickHouseEndpoint live, Client client,
      Allowances allowances, Progress progress) throws Exception {
    long t0 = System.nanoTime();
    String suffix = ZonedDateTime.now(ZoneOffset.UTC).format(SUFFIX);
    String rebuild = live.database() + "_rebuild_" + suffix;
    String backup = live.database() + "_before_replay_" + suffix;
    EventLogSpan log = EventLogSpan.of(bootstrap, PipelineJob.topic(config, Topics.LEARNING_EVENTS));
    checkWhole(log, allowances);

    SchemaMigrations.apply(client, rebuild);
    // the rebuilt tables replace the live ones, which a current server deduplicates inserts into: so must they
    SinkDeduplication.apply(SchoolDatabase.Sql.of(client), rebuild);
    progress.started(rebuild, log.offsets());
    List<TableRows> tables;
    try {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      ReplayJob.wire(env, config, bootstrap, live, rebuild);
      awaitEnd(env.executeAsync("learnstream-replay " + live.database()), client, rebuild, progress);
      tables = rows(client, live.database(), rebuild);
      checkNoFewerEvents(tables, allowances);
    } catch (Exception | Error e) {
      ClickHouseQueries.execute(client, "DROP DATABASE IF EXISTS " + rebuild);
      throw e;
    }
    long rows = tables.get(0).after(); // learning_events, counted once above
    progress.written(rows);
    ProjectionSwap.swap(client, live.database(), rebuild, backup);
    return new Result(backup, log.offsets(), rows, tables, Duration.ofNanos(System.nanoTime() - t0));
  }

  /** An empty log rebuilds nothing; one whose first records are gone rebuilds less than was projected from it. */
  private static void checkWhole(EventLogSpan log, Allowances allowances) throws Refused {
    String partitions = log.partitions().stream().map(Object::toString).collect(Collectors.joining(", "));
    if (log.isEmpty()) {
      throw new Refused(log.topic() + " holds no records (" + partitions + "): nothing to rebuild the projections "
          + "from. Nothing was changed.", List.of());
    }
    List<EventLogSpan.Partition> truncated = log.truncated();
    if (!truncated.isEmpty() && !allowances.partialLog()) {
      throw new Refused(log.topic() + " no longer starts at offset 0: " + truncated.stream()
          .map(p -> p + " (offsets 0.." + p.earliest() + " are gone)").collect(Collectors.joining(", "))
          + ". The rebuilt tables would lack the events before them. Nothing was changed; pass --accept-partial-log "
          + "to rebuild from what is left.", List.of());
    }
  }

  private static void checkNoFewerEvents(List<TableRows> tables, Allowances allowances) throws Refused {
    TableRows events = tables.get(0);
    if (events.after() < events.before() && !allowances.fewerEvents()) {
      throw new Refused("the rebuilt " + events.table() + " holds " + events.after() + " events, fewer than the "
          + events.before() + " of the live table: the event log lacks events that the live tables were projected "
          + "from. Nothing was changed; pass --allow-fewer-events to replace them anyway.", List.of(events));
    }
  }

  /** Rows after FINAL of every rebuilt table, live and rebuilt; learning_events first. */
  private static List<TableRows> rows(Client client, String live, String rebuild) {
    return ProjectionTables.FROM_EVENT_LOG.stream()
        .map(p -> new TableRows(p.table(), ClickHouseQueries.countFinal(client, live + "." + p.table()),
            ClickHouseQueries.countFinal(client, rebuild + "." + p.table())))
        .toList();
  }

  private static void awaitEnd(JobClient job, Client client, String rebuild, Progress progress) throws Exception {
    CompletableFuture<JobExecutionResult> end = job.getJobExecutionResult();
    while (true) {
      try {
        end.get(500, TimeUnit.MILLISECONDS); // also the refresh pace of the progress display
        return;
      } catch (TimeoutException stillRunning) {
        progress.written(ClickHouseQueries.count(client, rebuild + ".learning_events"));
      }
    }
  }
}
