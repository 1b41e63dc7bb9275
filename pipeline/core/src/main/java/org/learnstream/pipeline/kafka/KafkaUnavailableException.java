package org.learnstream.pipeline.kafka;

import java.time.Duration;

/** No Kafka broker answered at the configured bootstrap address within the allowed time. */
public class KafkaUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String bootstrapServers;

  public KafkaUnavailableException(String bootstrapServers, Duration waited, Throwable cause) {
    super("Kafka at " + bootstrapServers + " did not answer within " + waited.toSeconds()
        + " s: check that a broker runs there and that the bootstrap servers setting points at it", cause);
    this.bootstrapServers = bootstrapServers;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }
}
