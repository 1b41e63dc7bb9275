package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/** The one place that builds a client-v2 {@link Client}, with the settings every supported server version needs. */
public final class ClickHouseClients {

  private ClickHouseClients() {
  }

  public static Client create(ClickHouseEndpoint endpoint) {
    return builder(endpoint).build();
  }

  /**
   * A client that waits up to {@code socketTimeout} for an answer instead of 2 min: for statements that write or read
   * millions of rows on a busy machine (a benchmark's load).
   */
  public static Client create(ClickHouseEndpoint endpoint, Duration socketTimeout) {
    return builder(endpoint).setSocketTimeout(socketTimeout.toMillis(), ChronoUnit.MILLIS).build();
  }

  /** A client that sends {@code log_queries=1} with every query, for measurements read from system.query_log. */
  public static Client loggingQueries(ClickHouseEndpoint endpoint) {
    return builder(endpoint).serverSetting("log_queries", "1").build();
  }

  /**
   * A client that waits at most {@code socketTimeout} for the server's next bytes. Statements that may run longer
   * (migrations, {@link WatchedStatement}) set their own per request.
   */
  public static Client withSocketTimeout(ClickHouseEndpoint endpoint, java.time.Duration socketTimeout) {
    return builder(endpoint).setSocketTimeout(socketTimeout.toMillis(), ChronoUnit.MILLIS).build();
  }

  private static Client.Builder builder(ClickHouseEndpoint endpoint) {
    return new Client.Builder()
        .addEndpoint(endpoint.url())
        .setUsername(endpoint.user())
        .setPassword(endpoint.password())
        // 18.16 answers compressed-response requests with an empty body.
        .compressServerResponse(false)
        // Without a server-side LZ4 block format agreement older servers reject compressed requests.
        .compressClientRequest(false)
        // Retries are ours (ClickHouseWriter), with backoff and logging; the client must not repeat inserts.
        .setMaxRetries(0)
        // Servers close idle connections after keep_alive_timeout (3 s by default); reusing one the server
        // has just closed fails the request, so pooled connections retire before that.
        .setKeepAliveTimeout(2, ChronoUnit.SECONDS)
        .setConnectTimeout(5, ChronoUnit.SECONDS)
        .setSocketTimeout(120, ChronoUnit.SECONDS)
        .setClientName("learnstream");
  }
}
