package org.learnstream.pipeline.kafka;

import java.util.List;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Which failures of a Kafka producer mean that it is to be closed and a new one made in its place.
 *
 * <p>After these the broker's state of the producer and the client's disagree: a sequence number the broker does
 * not expect (or a producer id it no longer knows, {@code UnknownProducerIdException}, a kind of out-of-order
 * error), or an epoch that a newer instance has fenced. A transactional producer is left in a fatal state that
 * refuses every later call; a new producer gets a new id or epoch and starts its sequences at 0. A producer in a
 * fatal state refuses later calls with a {@code KafkaException} whose cause is the first failure, so the whole
 * cause chain counts.
 */
public final class ProducerFailures {

  private static final List<Class<? extends Throwable>> NEED_A_NEW_PRODUCER = List.of(
      OutOfOrderSequenceException.class, InvalidProducerEpochException.class, ProducerFencedException.class);

  private ProducerFailures() {
  }

  public static boolean needANewProducer(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (Class<? extends Throwable> kind : NEED_A_NEW_PRODUCER) {
        if (kind.isInstance(t)) {
          return true;
        }
      }
    }
    return false;
  }
}
