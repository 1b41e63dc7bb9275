package org.learnstream.pipeline.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SharedEpochReadsTest {

  /** The database's epoch, and the queries run against it; the first query waits until released. */
  private final AtomicLong databaseEpoch = new AtomicLong(1);
  private final AtomicInteger queries = new AtomicInteger();
  private final CountDownLatch firstQueryBegun = new CountDownLatch(1);
  private final CountDownLatch releaseFirstQuery = new CountDownLatch(1);
  private volatile boolean failFirstQuery;

  private final SharedEpochReads reads = new SharedEpochReads(() -> {
    int n = queries.incrementAndGet();
    long seen = databaseEpoch.get();
    if (n == 1) {
      firstQueryBegun.countDown();
      await(releaseFirstQuery);
      if (failFirstQuery) {
        throw new SQLException("the records database did not answer", "08006");
      }
    }
    return seen;
  });

  @Test
  void aBatchThatAsksWhileAReadIsUnderWayGetsTheEpochOfAReadBegunAfterIt() throws Exception {
    CompletableFuture<Long> first = CompletableFuture.supplyAsync(this::read);
    assertThat(firstQueryBegun.await(10, TimeUnit.SECONDS)).isTrue();
    databaseEpoch.set(2); // an erase commits while the first read, begun before it, is under way
    CompletableFuture<Long> second = CompletableFuture.supplyAsync(this::read);
    awaitWaiting(1);

    releaseFirstQuery.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(2);
  }

  @Test
  void batchesThatAskDuringOneReadShareTheNextOne() throws Exception {
    CompletableFuture<Long> first = CompletableFuture.supplyAsync(this::read);
    assertThat(firstQueryBegun.await(10, TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<Long>> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiting.add(CompletableFuture.supplyAsync(this::read));
    }
    awaitWaiting(3);

    releaseFirstQuery.countDown();

    first.get(10, TimeUnit.SECONDS);
    for (CompletableFuture<Long> w : waiting) {
      assertThat(w.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }
    assertThat(queries.get()).isEqualTo(2);
  }

  @Test
  void aFailedReadFailsItsOwnBatchAndAWaitingBatchReadsAgain() throws Exception {
    failFirstQuery = true;
    CompletableFuture<Long> first = CompletableFuture.supplyAsync(this::read);
    assertThat(firstQueryBegun.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Long> second = CompletableFuture.supplyAsync(this::read);
    awaitWaiting(1);

    releaseFirstQuery.countDown();

    assertThat(first).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
        .withRootCauseInstanceOf(SQLException.class);
    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(queries.get()).isEqualTo(2);
  }

  private long read() {
    try {
      return reads.read();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls until {@code n} threads wait on the shared reads (in {@code Object.wait}), with a deadline. */
  private void awaitWaiting(int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (waitingThreads() < n) {
      assertThat(System.nanoTime()).as("threads waiting for the next read").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private static long waitingThreads() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey().getState() == Thread.State.WAITING)
        .filter(e -> e.getValue().length > 0 && e.getValue()[0].getMethodName().equals("wait"))
        .filter(e -> Arrays.stream(e.getValue()).limit(4)
            .anyMatch(f -> f.getClassName().equals(SharedEpochReads.class.getName())))
        .count();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
