package org.learnstream.pipeline.records;

import java.sql.SQLException;
import java.util.Objects;

/**
 * The erasure epoch as a batch needs it: read by a query that began after the batch asked, so that every erase
 * committed before the batch began is seen. One query runs at a time; batches that ask while one is under way wait for
 * the next and share it (the one under way may have begun before an erase that committed before they asked, so it
 * cannot serve them). Under concurrent requests one query thus serves every batch that arrived during the one before,
 * instead of each batch querying the database on its own. A failed query fails its own batch; a batch waiting for it
 * runs the next one itself. Thread-safe.
 */
final class SharedEpochReads {

  /** One read of the epoch from the database. */
  @FunctionalInterface
  interface EpochQuery {
    long read() throws SQLException;
  }

  private final EpochQuery query;
  // queries begun so far; the number of the query under way while reading
  private long begun;
  // the number of the last query that completed, and the epoch it read
  private long done;
  private long epoch = Long.MIN_VALUE;
  private boolean reading;

  SharedEpochReads(EpochQuery query) {
    this.query = Objects.requireNonNull(query, "query");
  }

  /** The epoch as read by a query that began after this call did. */
  long read() throws SQLException {
    long number;
    synchronized (this) {
      long needed = begun + 1;
      while (done < needed && reading) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted while waiting for the erasure epoch", "57014", e);
        }
      }
      if (done >= needed) {
        return epoch;
      }
      reading = true;
      number = ++begun;
    }
    long read;
    try {
      read = query.read();
    } catch (SQLException | RuntimeException e) {
      synchronized (this) {
        reading = false;
        notifyAll();
      }
      throw e;
    }
    synchronized (this) {
      reading = false;
      done = number;
      // queries run one after another and the epoch only grows, so the last one read the largest
      epoch = read;
      notifyAll();
      return read;
    }
  }
}
