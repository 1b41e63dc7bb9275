package org.learnstream.pipeline.deadletter;

import org.learnstream.schemas.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last resort: logs a dead letter (without its payload, which may hold personal data). */
public final class LoggingDeadLetterSink implements DeadLetterSink {

  private static final Logger LOG = LoggerFactory.getLogger(LoggingDeadLetterSink.class);

  @Override
  public void send(DeadLetter d) {
    LOG.error("Dead letter {} from {} (rule {}, tenant {}): {} [payload of {} bytes not logged]", d.getId(),
        d.getOrigin(), d.getRule(), d.getTenant(), d.getReason(), d.getPayload().remaining());
  }
}
