package org.learnstream.jobs.bench;

import com.clickhouse.client.api.Client;
import java.util.function.LongConsumer;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;

/**
 * Sustained rows per second into one ClickHouse table: the slope between the moments 10% and 90% of the expected
 * rows are visible, so job start-up and the last partial batches do not count. Also the wall time to the end.
 */
final class RowRate {

  /** What one measured run gave. */
  record Measured(long rows, double sustainedPerSecond, double wallSeconds) {}

  private RowRate() {}

  /** Polls {@code table}'s count until {@code expected} rows are there (and the job, if given, has ended). */
  static Measured await(Client client, String table, long expected, JobClient job, ProcessSampler sampler,
                        LongConsumer progress) throws Exception {
    long t0 = System.nanoTime();
    long t10 = -1;
    long c10 = 0;
    long t90 = -1;
    long c90 = 0;
    long rows = 0;
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
      JobStatus status = job == null ? JobStatus.RUNNING : job.getJobStatus().get();
      if (status.isGloballyTerminalState() && status != JobStatus.FINISHED) {
        job.getJobExecutionResult().get(); // surfaces the cause
        throw new IllegalStateException("the benchmark job ended " + status);
      }
      if (rows >= expected && (job == null || status == JobStatus.FINISHED)) {
        break;
      }
      if (job == null && now - t0 > 600_000_000_000L) {
        throw new IllegalStateException(table + " reached only " + rows + " of " + expected + " rows in 10 minutes");
      }
      Thread.sleep(100); // poll pace; the slope's error is about one poll over the 10%..90% span
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double sustained = t90 > t10 ? (c90 - c10) / ((t90 - t10) / 1e9) : rows / wall;
    return new Measured(rows, sustained, wall);
  }
}
