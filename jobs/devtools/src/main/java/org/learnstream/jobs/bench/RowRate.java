package org.learnstream.jobs.bench;

import com.clickhouse.client.api.Client;
import java.util.function.LongConsumer;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;

/**
 * Sustained rows per second into one ClickHouse table: the slope between the moments 10% and 90% of the expected
 * rows are visible, so job start-up and the last partial batches do not count. Also the wall time to the end.
 */
final class RowRate {

  /** What one measured run gave. */
  record Measured(long rows, double sustainedPerSecond, double wallSeconds) {
  }

  /** Without a job to watch, a table that stops growing this long ends the wait with an error. */
  private static final java.time.Duration STALL = java.time.Duration.ofSeconds(60);

  private RowRate() {
  }

  /** Polls {@code table}'s count until {@code expected} rows are there (and the job, if given, has ended). */
  static Measured await(Client client, String table, long expected, JobClient job, ProcessSampler sampler,
      LongConsumer progress) throws Exception {
    long t0 = System.nanoTime();
    long t10 = -1;
    long c10 = 0;
    long t90 = -1;
    long c90 = 0;
    long rows = 0;
    long lastRows = -1;
    long lastChange = t0;
    CompletableFuture<JobExecutionResult> end = job == null ? null : job.getJobExecutionResult();
    while (true) {
      rows = ClickHouseQueries.count(client, table);
      long now = System.nanoTime();
      progress.accept(rows);
      sampler.sample();
      if (t10 < 0 && rows >= expected / 10) {
        t10 = now;
        c10 = rows;
      }
      if (t90 < 0 && rows >= expected * 9 / 10) {
        t90 = now;
        c90 = rows;
      }
      // a local job's cluster shuts down when the job ends, so ask the result future, not the job status
      boolean ended = end != null && end.isDone();
      if (ended) {
        end.get(); // throws the failure of a job that did not finish
        rows = ClickHouseQueries.count(client, table); // everything is flushed now
      }
      if (rows >= expected && (job == null || ended)) {
        break;
      }
      if (ended && rows < expected) {
        throw new IllegalStateException("the benchmark job finished with " + rows + " of " + expected + " rows in "
            + table);
      }
      if (rows > lastRows) {
        lastRows = rows;
        lastChange = now;
      } else if (job == null && now - lastChange > STALL.toNanos()) {
        throw new IllegalStateException(table + " stayed at " + rows + " of " + expected + " rows for "
            + STALL.toSeconds() + " s");
      }
      Thread.sleep(100); // poll pace; the slope's error is about one poll over the 10%..90% span
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double sustained = t90 > t10 ? (c90 - c10) / ((t90 - t10) / 1e9) : rows / wall;
    return new Measured(rows, sustained, wall);
  }
}
