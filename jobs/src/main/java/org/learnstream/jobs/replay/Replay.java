package org.learnstream.jobs.replay;

import com.clickhouse.client.api.Client;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.learnstream.jobs.pipeline.PipelineJob;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.SchemaMigrations;
import org.learnstream.pipeline.kafka.Topics;

/**
 * Rebuilds every ClickHouse projection from the event log and swaps the rebuilt tables in: migrate a fresh database
 * {@code <db>_rebuild_<time>}, run {@link ReplayJob} into it to the end of the log as it was at start, then
 * {@link ProjectionSwap#swap}. The replaced tables stay in {@code <db>_before_replay_<time>}.
 *
 * <p>The rebuilt tables hold the log up to the offsets current when the replay started. Stop the live pipeline
 * first: rows it writes during the rebuild go to the tables being replaced and are not in the rebuilt ones.
 */
public final class Replay {

  private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

  /** What a finished replay did. */
  public record Result(String backupDatabase, long recordsInLog, long eventRows, Duration took) {}

  /** Told the size of the log once, then the rows written so far, about twice a second. */
  public interface Progress {
    void started(String rebuildDatabase, long recordsInLog);

    void written(long eventRows);
  }

  private Replay() {}

  public static Result run(Configuration config, String bootstrap, ClickHouseEndpoint live, Client client,
                           Progress progress) throws Exception {
    long t0 = System.nanoTime();
    String suffix = ZonedDateTime.now(ZoneOffset.UTC).format(SUFFIX);
    String rebuild = live.database() + "_rebuild_" + suffix;
    String backup = live.database() + "_before_replay_" + suffix;
    String topic = PipelineJob.topic(config, Topics.LEARNING_EVENTS);

    SchemaMigrations.apply(client, rebuild);
    long records = EventLogSize.records(bootstrap, topic);
    progress.started(rebuild, records);
    try {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      ReplayJob.wire(env, config, bootstrap, live.withDatabase(rebuild), rebuild);
      JobClient job = env.executeAsync("learnstream-replay " + live.database());
      awaitEnd(job, client, rebuild, progress);
    } catch (Exception | Error e) {
      ClickHouseQueries.execute(client, "DROP DATABASE IF EXISTS " + rebuild);
      throw e;
    }
    long rows = ClickHouseQueries.count(client, rebuild + ".learning_events");
    progress.written(rows);
    ProjectionSwap.swap(client, live.database(), rebuild, backup);
    return new Result(backup, records, rows, Duration.ofNanos(System.nanoTime() - t0));
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
