package org.learnstream.jobs.cli;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code serve}'s own retention, so that an installation on the embedded default keeps learners' data no longer than
 * its windows without a scheduler of its own: a pass every {@code every}, counted from the end of the one before (two
 * never overlap), the first after {@link #firstAfter}. A pass that fails is
 * told with its reason and the next one runs as planned: retention removes nothing twice and completes what a pass
 * before it left. Closing interrupts a pass under way.
 */
final class ScheduledRetention implements AutoCloseable {

  /** The pipeline is up by then, and a serve stopped in its first minute pays for no pass. */
  private static final Duration FIRST_AT_MOST = Duration.ofMinutes(1);

  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final ScheduledExecutorService timer;

  private ScheduledRetention(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** When the first of passes every {@code every} runs: after {@code every} or a minute, whichever is shorter. */
  static Duration firstAfter(Duration every) {
    return every.compareTo(FIRST_AT_MOST) < 0 ? every : FIRST_AT_MOST;
  }

  /**
   * Runs {@code pass} every {@code every} until closed; a zero {@code every} never runs it.
   *
   * @param out told when a pass fails, and why
   */
  static ScheduledRetention start(Duration every, Runnable pass, Consumer<String> out) {
    if (every.isZero()) {
      return new ScheduledRetention(null);
    }
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "learnstream-retention");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> {
      try {
        pass.run();
      } catch (RuntimeException e) {
        // a failed pass must not end the schedule, which a task's exception would
        out.accept("retention run failed (" + e.getClass().getSimpleName() + ": " + e.getMessage()
            + "); the next one runs in " + every);
      }
    }, firstAfter(every).toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return new ScheduledRetention(timer);
  }

  /** Whether passes are scheduled (not for a zero interval). */
  boolean scheduled() {
    return timer != null;
  }

  @Override
  public void close() {
    if (timer == null) {
      return;
    }
    timer.shutdownNow();
    try {
      timer.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
