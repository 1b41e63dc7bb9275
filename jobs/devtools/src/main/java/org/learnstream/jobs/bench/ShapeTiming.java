package org.learnstream.jobs.bench;

import com.clickhouse.client.api.Client;
import java.util.Arrays;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;

/**
 * Latency of one read shape over several runs, and the rows and bytes ClickHouse read for it per call, from
 * {@code system.query_log} (the client must send {@code log_queries=1}; the server must serve no one else meanwhile).
 * A shape whose read fails has {@code failure} set (the first line of the error) and no figures.
 */
public record ShapeTiming(String label, long medianMillis, long p99Millis, long returned, long rowsRead,
    long bytesRead, String failure) {

  /** Times {@code runs} calls after one warm-up. */
  public static ShapeTiming measure(Client client, StatementReadShapes.Shape shape, int runs) {
    try {
      return timed(client, shape, runs);
    } catch (RuntimeException e) {
      String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      return new ShapeTiming(shape.label(), 0, 0, 0, 0, 0, message.substring(0, Math.min(200, message.length())));
    }
  }

  private static ShapeTiming timed(Client client, StatementReadShapes.Shape shape, int runs) {
    long[] before = logged(client);
    long returned = shape.read().getAsInt();
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      returned = shape.read().getAsInt();
      nanos[i] = System.nanoTime() - t0;
    }
    long[] after = logged(client);
    Arrays.sort(nanos);
    int calls = runs + 1;
    return new ShapeTiming(shape.label(), nanos[runs / 2] / 1_000_000,
        nanos[Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)] / 1_000_000, returned,
        (after[0] - before[0]) / calls, (after[1] - before[1]) / calls, null);
  }

  public boolean meets(long targetMillis) {
    return failure == null && medianMillis <= targetMillis;
  }

  /** Rows and bytes read by every finished query so far, leaving out these look-ups in the log itself. */
  private static long[] logged(Client client) {
    ClickHouseQueries.execute(client, "SYSTEM FLUSH LOGS");
    String[] sums = ClickHouseQueries.text(client, "SELECT sum(read_rows), sum(read_bytes) FROM system.query_log "
        + "WHERE type = 2 AND position(query, 'system.query_log') = 0 FORMAT TabSeparated").strip().split("\t");
    return new long[] {Long.parseLong(sums[0]), Long.parseLong(sums[1])};
  }
}
