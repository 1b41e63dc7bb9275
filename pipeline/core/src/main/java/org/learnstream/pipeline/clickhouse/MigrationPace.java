package org.learnstream.pipeline.clickhouse;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the migration runner waits on one statement. A migration that copies existing rows (V080 copied every
 * statement into new tables: 15 minutes at 10 million statements) answers only when the copy is done, so the wait
 * is far longer than a query's, and a line tells the operator what the server has read so far.
 *
 * @param timeout       how long one statement may run before the runner gives up and cancels it on the server
 * @param progressEvery how often a running statement is reported
 * @param progress      where the reports go (a terminal, a log); they hold counts only, never row contents
 */
public record MigrationPace(Duration timeout, Duration progressEvery, Consumer<String> progress) {

  /** Six hours: a copy of a district's history on a small server, with room to spare. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(6);
  public static final Duration DEFAULT_PROGRESS_EVERY = Duration.ofSeconds(30);

  public MigrationPace {
    Objects.requireNonNull(progress, "progress");
    if (timeout.isNegative() || timeout.isZero() || progressEvery.isNegative() || progressEvery.isZero()) {
      throw new IllegalArgumentException("timeout and progressEvery must be positive, got " + timeout + " and "
          + progressEvery);
    }
  }

  public static MigrationPace reportingTo(Consumer<String> progress) {
    return new MigrationPace(DEFAULT_TIMEOUT, DEFAULT_PROGRESS_EVERY, progress);
  }
}
