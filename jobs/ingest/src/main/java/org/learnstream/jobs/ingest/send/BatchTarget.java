package org.learnstream.jobs.ingest.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.learnstream.pipeline.xapi.Violation;

/** Somewhere a batch of statements can be sent: the HTTP endpoint, or Kafka directly. */
public interface BatchTarget extends AutoCloseable {

  /** The outcome for one batch. */
  sealed interface Outcome {
    /** Every statement of the batch is accepted. */
    record Accepted(int statements) implements Outcome {
    }

    /** Nothing accepted; {@code violations} name the statements by path {@code $[i]...}. */
    record Refused(int status, List<Violation> violations) implements Outcome {
    }

    /** Worth retrying later (503, connection refused, timeouts). */
    record Unavailable(String reason) implements Outcome {
    }

    /** Retrying will not help (401, unexpected status): stop. */
    record Fatal(String reason) implements Outcome {
    }
  }

  Outcome send(List<JsonNode> batch);

  @Override
  void close();
}
