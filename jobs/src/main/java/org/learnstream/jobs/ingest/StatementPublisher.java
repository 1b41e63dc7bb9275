package org.learnstream.jobs.ingest;

import java.util.List;

/** Writes accepted statements to the statements topic, all of a request or none. */
public interface StatementPublisher extends AutoCloseable {

  /** Returns once every statement is durably written (acks=all); throws when none of them are. */
  void publish(List<PreparedStatement> statements) throws UnavailableException;

  @Override
  void close();

  /** The log could not take the write in time; nothing of the request is visible to read_committed readers. */
  final class UnavailableException extends Exception {
    public UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
