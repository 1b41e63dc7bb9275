package org.learnstream.jobs.ingest;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Lets at most as many request threads parse and check statement bodies at once as there are processors. A batch
 * of a hundred statements is a third of a millisecond of CPU on an idle processor; with every request thread doing
 * it at once, the threads that carry the accepted statements to Kafka (the producers' senders, and an embedded
 * broker's) waited behind them for the processors, and each transaction took several times as long. The work is the
 * same either way; waiting here costs a request no more than waiting for a processor would.
 *
 * <p>Small bodies (a single statement is a few microseconds) go straight through: with many clients each sending one
 * statement, waiting for a slot cost more than the work, and a thread preempted while holding one held up all the
 * others.
 */
final class PreparationSlots {

  /** Bodies up to this size (some twenty-five statements of the usual size) are prepared without a slot. */
  static final int SMALL_BODY_BYTES = 16 * 1024;

  private final Semaphore slots;

  PreparationSlots(int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("preparation needs at least one slot, was " + slots);
    }
    this.slots = new Semaphore(slots);
  }

  /** One slot per processor. */
  static PreparationSlots perProcessor() {
    return new PreparationSlots(Runtime.getRuntime().availableProcessors());
  }

  /** Runs the preparation of a body of {@code bodyBytes} bytes, in a slot unless the body is small. */
  <T> T run(int bodyBytes, Supplier<T> preparation) {
    if (bodyBytes <= SMALL_BODY_BYTES) {
      return preparation.get();
    }
    slots.acquireUninterruptibly();
    try {
      return preparation.get();
    } finally {
      slots.release();
    }
  }
}
