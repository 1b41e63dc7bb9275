package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PreparationSlotsTest {

  private static final int LARGE = PreparationSlots.SMALL_BODY_BYTES + 1;

  @Test
  void noMoreRequestsPrepareAtOnceThanThereAreSlotsAndTheOthersWaitTheirTurn() throws Exception {
    PreparationSlots slots = new PreparationSlots(2);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger mostInside = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r);
      workers.add(t);
      return t;
    });
    try {
      List<Future<Integer>> prepared = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int n = i;
        prepared.add(threads.submit(() -> slots.run(LARGE, () -> {
          mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          inside.decrementAndGet();
          return n;
        })));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      // two inside, the other two parked at the gate: only then can a third not be on its way in
      while (!(inside.get() == 2 && workers.stream().filter(t -> t.getState() == Thread.State.WAITING).count() == 4)
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(inside.get()).isEqualTo(2);
      release.countDown();
      List<Integer> results = new ArrayList<>();
      for (Future<Integer> f : prepared) {
        results.add(f.get(10, TimeUnit.SECONDS));
      }
      assertThat(results).containsExactly(0, 1, 2, 3);
      assertThat(mostInside.get()).isEqualTo(2);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aSlotIsGivenBackWhenThePreparationFails() {
    PreparationSlots slots = new PreparationSlots(1);
    assertThatThrownBy(() -> slots.run(LARGE, () -> {
      throw new IllegalStateException("broken body");
    })).hasMessage("broken body");
    assertThat(slots.run(LARGE, () -> "next")).isEqualTo("next");
  }

  @Test
  void aSmallBodyIsPreparedWithoutWaitingForASlot() throws Exception {
    PreparationSlots slots = new PreparationSlots(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService holder = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch holding = new CountDownLatch(1);
      Future<String> large = holder.submit(() -> slots.run(LARGE, () -> {
        holding.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return "large";
      }));
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      // the one slot stays taken until the small body is through: a wait for it would time out here
      Future<String> small = holder.submit(() -> slots.run(PreparationSlots.SMALL_BODY_BYTES, () -> "small"));
      assertThat(small.get(10, TimeUnit.SECONDS)).isEqualTo("small");
      release.countDown();
      assertThat(large.get(10, TimeUnit.SECONDS)).isEqualTo("large");
    } finally {
      release.countDown();
      holder.shutdownNow();
    }
  }

  @Test
  void refusesFewerThanOneSlot() {
    assertThatThrownBy(() -> new PreparationSlots(0)).hasMessageContaining("at least one slot");
  }
}
