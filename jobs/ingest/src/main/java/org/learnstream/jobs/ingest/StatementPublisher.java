package org.learnstream.jobs.ingest;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Writes accepted statements to the statements topic, all of a request or none. */
public interface StatementPublisher extends AutoCloseable {

  /** Returns once every statement is durably written (acks=all); throws when none of them are. */
  void publish(List<PreparedStatement> statements) throws UnavailableException;

  /**
   * Completes once every statement is durably written, or fails with an {@link UnavailableException} when none of
   * them are; a request thread need not wait for the broker. Here it simply calls {@link #publish}.
   */
  default CompletableFuture<Void> publishAsync(List<PreparedStatement> statements) {
    try {
      publish(statements);
      return CompletableFuture.completedFuture(null);
    } catch (UnavailableException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  void close();

  /** The log could not take the write in time; nothing of the request is visible to read_committed readers. */
  final class UnavailableException extends Exception {
    public UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
