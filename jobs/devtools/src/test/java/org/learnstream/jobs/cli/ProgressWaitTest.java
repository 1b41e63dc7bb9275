package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressWaitTest {

  /** A clock that moves only when the wait pauses. */
  private static final class FakeTicker implements ProgressWait.Ticker {
    long now;

    @Override
    public long nanos() {
      return now;
    }

    @Override
    public void pause(Duration d) {
      now += d.toNanos();
    }
  }

  @Test
  void aSlowButSteadyDeliveryIsWaitedForPastWhatAFixedMinuteWouldAllow() throws Exception {
    FakeTicker ticker = new FakeTicker();
    AtomicLong delivered = new AtomicLong();
    // 20 deliveries a second, 1,214 expected: about 61 s, as the demo's notifier on a busy machine.
    ProgressWait.Outcome outcome = ProgressWait.await(() -> delivered.addAndGet(4), 1_214, Duration.ofSeconds(30),
        Duration.ofMinutes(10), Duration.ofMillis(200), ticker);

    assertThat(outcome.complete()).isTrue();
    assertThat(outcome.reached()).isGreaterThanOrEqualTo(1_214);
    assertThat(outcome.waited()).isGreaterThan(Duration.ofSeconds(60));
  }

  @Test
  void stopsOnceNothingHasArrivedForTheStallTime() throws Exception {
    FakeTicker ticker = new FakeTicker();
    AtomicLong calls = new AtomicLong();
    ProgressWait.Outcome outcome = ProgressWait.await(() -> Math.min(calls.incrementAndGet(), 31), 40,
        Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofMillis(200), ticker);

    assertThat(outcome.complete()).isFalse();
    assertThat(outcome.stalled()).isTrue();
    assertThat(outcome.reached()).isEqualTo(31);
    assertThat(outcome.waited()).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(12));
  }

  @Test
  void stopsAtTheOverallLimitEvenWhileProgressing() throws Exception {
    FakeTicker ticker = new FakeTicker();
    AtomicLong delivered = new AtomicLong();
    ProgressWait.Outcome outcome = ProgressWait.await(delivered::incrementAndGet, 1_000_000, Duration.ofSeconds(5),
        Duration.ofMinutes(1), Duration.ofMillis(200), ticker);

    assertThat(outcome.complete()).isFalse();
    assertThat(outcome.stalled()).isFalse();
    assertThat(outcome.waited()).isEqualTo(Duration.ofMinutes(1));
  }
}
