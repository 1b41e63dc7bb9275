package org.learnstream.jobs.cli;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Waits for a count to reach its target for as long as it keeps moving: gives up only when it has not grown for
 * {@code stall}, or at {@code limit} overall. A fixed deadline cut a slow but steady delivery off while it was
 * still making progress.
 */
public final class ProgressWait {

  /** What the wait ended with. */
  public record Outcome(long reached, boolean complete, boolean stalled, Duration waited) {
  }

  /** Time and pauses, replaceable in tests. */
  public interface Ticker {
    long nanos();

    void pause(Duration d) throws InterruptedException;

    Ticker SYSTEM = new Ticker() {
      @Override
      public long nanos() {
        return System.nanoTime();
      }

      @Override
      public void pause(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis()); // the polling pace, not synchronisation
      }
    };
  }

  private ProgressWait() {
  }

  public static Outcome await(LongSupplier count, long target, Duration stall, Duration limit, Duration poll,
      Ticker ticker)
      throws InterruptedException {
    long start = ticker.nanos();
    long last = count.getAsLong();
    long lastMove = start;
    while (last < target) {
      long now = ticker.nanos();
      if (now - lastMove >= stall.toNanos() || now - start >= limit.toNanos()) {
        return new Outcome(last, false, now - lastMove >= stall.toNanos(), Duration.ofNanos(now - start));
      }
      ticker.pause(poll);
      long current = count.getAsLong();
      if (current > last) {
        last = current;
        lastMove = ticker.nanos();
      }
    }
    return new Outcome(last, true, false, Duration.ofNanos(ticker.nanos() - start));
  }
}
