package org.learnstream.jobs.ingest;

import java.util.function.Supplier;
import java.util.concurrent.Semaphore;

/**
 * Lets at most as many request threads parse and check statement bodies at once as there are processors. A batch
 * of a hundred statements is a millisecond of CPU; with every request thread doing it at once, the threads that
 * carry the accepted statements to Kafka (the producers' senders, and an embedded broker's) waited behind them for
 * the processors, and each transaction took several times as long. The work is the same either way; waiting here
 * costs a request no more than waiting for a processor would.
 */
final class PreparationSlots {

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

  <T> T run(Supplier<T> preparation) {
    slots.acquireUninterruptibly();
    try {
      return preparation.get();
    } finally {
      slots.release();
    }
  }
}
