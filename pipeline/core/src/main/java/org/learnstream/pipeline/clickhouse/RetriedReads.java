package org.learnstream.pipeline.clickhouse;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads through {@link SchoolDatabase.Sql} tried again when the server or the connection fails on the way (a
 * connection the server closed, no response, a restart): a read changes nothing, so repeating it is always safe,
 * unlike an insert, which the client therefore never repeats. A bounded number of attempts, so that a server that
 * stays away fails the command with the last error instead of hanging it. Errors of the query itself (syntax,
 * unknown table) are not retried. The log names the attempt and the error's kind, never the query, which may hold a
 * learner's identifier (erasure, export).
 */
public final class RetriedReads implements SchoolDatabase.Sql {

  private static final Logger LOG = LoggerFactory.getLogger(RetriedReads.class);
  /** Six retries from 250 ms doubling to 8 s: about 16 s in all, longer than a server's restart. */
  static final int RETRIES = 6;
  static final Duration FIRST_DELAY = Duration.ofMillis(250);
  static final Duration LONGEST_DELAY = Duration.ofSeconds(8);

  private final SchoolDatabase.Sql sql;
  private final RetryPolicy<List<Map<String, Object>>> policy;
  private final AtomicLong retries = new AtomicLong();

  RetriedReads(SchoolDatabase.Sql sql, int retries, Duration firstDelay, Duration longestDelay) {
    this.sql = sql;
    this.policy = RetryPolicy.<List<Map<String, Object>>>builder()
        .handleIf(e -> ClickHouseErrors.classify(e) == ClickHouseErrors.Kind.RETRIABLE)
        .withBackoff(firstDelay, longestDelay)
        .withMaxRetries(retries)
        .onRetry(event -> {
          this.retries.incrementAndGet();
          Throwable error = event.getLastException();
          LOG.warn("A ClickHouse read failed (attempt {} of {}), trying again: {} (code {})",
              event.getAttemptCount(), retries + 1, error.getClass().getSimpleName(), ClickHouseErrors.code(error));
        })
        .build();
  }

  /** Reads of {@code sql} with the default attempts; statements that change something are passed through once. */
  public static RetriedReads of(SchoolDatabase.Sql sql) {
    return new RetriedReads(sql, RETRIES, FIRST_DELAY, LONGEST_DELAY);
  }

  @Override
  public void execute(String statement) {
    sql.execute(statement);
  }

  @Override
  public List<Map<String, Object>> rows(String query) {
    try {
      return Failsafe.with(policy).get(() -> sql.rows(query));
    } catch (FailsafeException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** Reads tried again so far: for tests and for a command that reports its retries. */
  long retries() {
    return retries.get();
  }
}
