package org.learnstream.jobs.ingest;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.learnstream.pipeline.xapi.Violation;

/** Writes accepted statements to the statements topic, all of a request or none. */
public interface StatementPublisher extends AutoCloseable {

  /** Returns once every statement is durably written (acks=all); throws when none of them are. */
  void publish(List<PreparedStatement> statements) throws UnavailableException;

  /**
   * Completes once every statement is durably written, or fails with an {@link UnavailableException} when none of
   * them are, or with {@link RefusedStatements} when they may not be; a request thread need not wait for the broker.
   * Here it simply calls {@link #publish}.
   */
  default CompletableFuture<Void> publishAsync(List<PreparedStatement> statements) {
    try {
      publish(statements);
      return CompletableFuture.completedFuture(null);
    } catch (UnavailableException | RefusedStatements e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  void close();

  /**
   * Statements the pipeline would drop, refused before anything is written: the request is answered 400, naming each.
   * A data error, unlike {@link UnavailableException}: sending the same request again gets the same answer.
   */
  final class RefusedStatements extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One refused statement: its id and what is wrong, the violation's path relative to the statement. */
    public record Refusal(String statementId, Violation violation) {
    }

    private final transient List<Refusal> refusals;

    public RefusedStatements(List<Refusal> refusals) {
      super(refusals.size() + " statement(s) refused: " + refusals.get(0).violation().rule(), null, false, false);
      this.refusals = List.copyOf(refusals);
    }

    public List<Refusal> refusals() {
      return refusals;
    }
  }

  /** The log could not take the write in time; nothing of the request is visible to read_committed readers. */
  final class UnavailableException extends Exception {
    public UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
