package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScheduledRetentionTest {

  @Test
  void aPassThatFailsIsToldAndTheNextOneRunsAsPlanned() throws Exception {
    AtomicInteger passes = new AtomicInteger();
    CountDownLatch third = new CountDownLatch(3);
    List<String> told = new CopyOnWriteArrayList<>();
    try (ScheduledRetention retention = ScheduledRetention.start(Duration.ofMillis(20), () -> {
      third.countDown();
      if (passes.incrementAndGet() == 1) {
        throw new IllegalStateException("ClickHouse did not answer");
      }
    }, told::add)) {
      assertThat(retention.scheduled()).isTrue();
      assertThat(third.await(30, TimeUnit.SECONDS)).as("three passes").isTrue();
    }
    assertThat(told).first().asString()
        .isEqualTo("retention run failed (IllegalStateException: ClickHouse did not answer); the next one runs in "
            + "PT0.02S");
  }

  @Test
  void aZeroIntervalSchedulesNoPass() {
    try (ScheduledRetention retention = ScheduledRetention.start(Duration.ZERO, () -> {
      throw new AssertionError("no pass runs at a zero interval");
    }, line -> {
    })) {
      assertThat(retention.scheduled()).isFalse();
    }
  }
}
