package org.learnstream.pipeline.clickhouse;

import java.io.Serializable;
import java.time.Duration;

/**
 * Batching and retry settings of a {@link ClickHouseWriter}.
 *
 * @param batchRows      flush when this many rows are buffered
 * @param batchBytes     flush when the buffered rows take this many bytes
 * @param initialBackoff first delay after a retriable failure
 * @param maxBackoff     cap of the exponentially growing delay; retries themselves never stop
 * @param jitter         random share (0..1) added to or taken from each delay, so writers do not retry in step
 * @param maxDelay       longest a buffered row waits before it is sent, however few rows there are; zero: rows wait
 *                       for a full batch or the next checkpoint
 */
public record WriterSettings(int batchRows, int batchBytes, Duration initialBackoff, Duration maxBackoff, double jitter,
    Duration maxDelay) implements Serializable {

  public WriterSettings {
    if (batchRows < 1) {
      throw new IllegalArgumentException("batchRows must be >= 1, got " + batchRows);
    }
    if (batchBytes < 1024) {
      throw new IllegalArgumentException("batchBytes must be >= 1024, got " + batchBytes);
    }
    if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("Backoff must satisfy 0 < initialBackoff <= maxBackoff, got "
          + initialBackoff + " and " + maxBackoff);
    }
    if (jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
    }
    if (maxDelay.isNegative()) {
      throw new IllegalArgumentException("maxDelay must not be negative, got " + maxDelay);
    }
  }

  /** 50 000 rows or 16 MiB per insert, a row sent within 500 ms; retries from 200 ms up to every 30 s. */
  public static WriterSettings defaults() {
    return new WriterSettings(50_000, 16 * 1024 * 1024, Duration.ofMillis(200), Duration.ofSeconds(30), 0.25,
        Duration.ofMillis(500));
  }

  public WriterSettings withBatchRows(int rows) {
    return new WriterSettings(rows, batchBytes, initialBackoff, maxBackoff, jitter, maxDelay);
  }

  public WriterSettings withBackoff(Duration initial, Duration max) {
    return new WriterSettings(batchRows, batchBytes, initial, max, jitter, maxDelay);
  }

  public WriterSettings withMaxDelay(Duration delay) {
    return new WriterSettings(batchRows, batchBytes, initialBackoff, maxBackoff, jitter, delay);
  }
}
