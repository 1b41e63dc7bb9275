package org.learnstream.pipeline.bench;

import com.clickhouse.client.api.Client;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;

import java.util.Arrays;

/**
 * Wall-clock latency of one query as a client sees it: sent over HTTP, answered as JSONEachRow and parsed, the way
 * Grafana's datasource receives it. The first run is a warm-up and not counted.
 */
public record QueryLatency(String label, long medianMillis, long maxMillis, int rows, int runs) {

  public static QueryLatency measure(Client client, BenchQueries.NamedQuery query, int runs) {
    if (runs < 1) {
      throw new IllegalArgumentException("runs must be at least 1, got " + runs);
    }
    String sql = query.sql() + "\nFORMAT JSONEachRow";
    int rows = ClickHouseQueries.rows(client, sql).size();
    long[] millis = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      rows = ClickHouseQueries.rows(client, sql).size();
      millis[i] = (System.nanoTime() - t0) / 1_000_000;
    }
    Arrays.sort(millis);
    long median = runs % 2 == 1 ? millis[runs / 2] : (millis[runs / 2 - 1] + millis[runs / 2]) / 2;
    return new QueryLatency(query.label(), median, millis[runs - 1], rows, runs);
  }

  /** Judged on the median: on a shared machine a single slow run says more about the neighbours than the query. */
  public boolean meets(long targetMillis) {
    return medianMillis <= targetMillis;
  }
}
