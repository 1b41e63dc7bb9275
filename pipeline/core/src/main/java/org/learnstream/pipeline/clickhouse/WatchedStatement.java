package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.command.CommandResponse;
import com.clickhouse.client.api.command.CommandSettings;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one statement that may take far longer than a query (a migration copying existing rows), under its own network
 * timeout instead of the client's, and reports while it runs what {@code system.processes} says of it. The server
 * answers over HTTP only when the statement is done, so the network timeout bounds the whole statement; when it
 * runs out, or the wait fails otherwise, the statement is cancelled on the server, which would go on without us.
 */
final class WatchedStatement {

  private final Client client;
  private final MigrationPace pace;

  WatchedStatement(Client client, MigrationPace pace) {
    this.client = client;
    this.pace = pace;
  }

  /** Runs {@code sql} under a query id that starts with {@code queryIdPrefix}. */
  void run(String sql, Map<String, String> serverSettings, String label, String queryIdPrefix) {
    String queryId = queryIdPrefix + UUID.randomUUID();
    CommandSettings settings = new CommandSettings();
    serverSettings.forEach(settings::serverSetting);
    settings.setQueryId(queryId);
    settings.setNetworkTimeout(pace.timeout().toMillis(), ChronoUnit.MILLIS);
    long start = System.nanoTime();
    // the client runs a request on the calling thread unless built for asynchronous requests
    CompletableFuture<CommandResponse> answer = CompletableFuture.supplyAsync(() -> client.execute(sql, settings)
        .join(), WatchedStatement::onItsOwnThread);
    try {
      while (true) {
        try (CommandResponse done = answer.get(pace.progressEvery().toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        } catch (TimeoutException stillRunning) {
          Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
          if (elapsed.compareTo(pace.timeout()) > 0) {
            throw overTime(label, stillRunning);
          }
          pace.progress().accept(label + ": " + progress(queryId, elapsed));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel(queryId);
      throw new IllegalStateException("Interrupted while running " + label, e);
    } catch (ExecutionException e) {
      cancel(queryId);
      if (Duration.ofNanos(System.nanoTime() - start).compareTo(pace.timeout()) >= 0) {
        // the network timeout ran out: the client's own words ("Read timed out") would not say which one
        throw overTime(label, e.getCause());
      }
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause().getMessage(), e);
    } catch (RuntimeException e) {
      cancel(queryId);
      throw e;
    } catch (Exception e) {
      // closing a finished command's response declares Exception; it holds nothing to release
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private IllegalStateException overTime(String label, Throwable cause) {
    return new IllegalStateException(label + " ran longer than the migration timeout of " + seconds(pace.timeout())
        + " s and was cancelled on the server", cause);
  }

  /** What the server has done so far: elapsed time and, while it lists the statement, rows read and written. */
  String progress(String queryId, Duration elapsed) {
    String time = "running for " + seconds(elapsed) + " s";
    List<Map<String, Object>> running;
    try {
      running = ClickHouseQueries.rows(client, "SELECT read_rows, written_rows FROM system.processes WHERE query_id = "
          + ClickHouseQueries.quote(queryId));
    } catch (RuntimeException e) {
      // a report missed is no reason to stop a statement that may be nearly done
      return time;
    }
    if (running.isEmpty()) {
      return time;
    }
    return time + ", " + running.get(0).get("read_rows") + " rows read, " + running.get(0).get("written_rows")
        + " rows written";
  }

  /** Best effort: the statement may have ended, or the server be gone, and the caller's error says more. */
  private void cancel(String queryId) {
    try {
      ClickHouseQueries.execute(client, "KILL QUERY WHERE query_id = " + ClickHouseQueries.quote(queryId) + " ASYNC");
    } catch (RuntimeException ignored) {
      // the original failure is what the caller reports
    }
  }

  private static void onItsOwnThread(Runnable request) {
    Thread thread = new Thread(request, "clickhouse-migration-statement");
    thread.setDaemon(true);
    thread.start();
  }

  private static long seconds(Duration duration) {
    return duration.toSeconds();
  }
}
