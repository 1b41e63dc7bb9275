package org.learnstream.jobs.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuSnapshotTest {

  @Test
  void aThreadThatWorkedBetweenTwoSnapshotsCountsInItsGroup() throws Exception {
    ThreadCpuSnapshot before = ThreadCpuSnapshot.take();
    // the worker stays alive until the second snapshot: a thread that ended in between is not counted
    Thread worker = new Thread(ThreadCpuSnapshotTest::workThenWaitForInterrupt, "bench-worker-8");
    worker.start();
    while (!worked && worker.isAlive()) {
      Thread.onSpinWait();
    }
    Map<String, Long> spent = ThreadCpuSnapshot.take().since(before);
    worker.interrupt();
    worker.join();

    assertThat(spent).containsKey("bench-worker-N");
    assertThat(spent.get("bench-worker-N")).isPositive();
  }

  private static volatile long sink;
  private static volatile boolean worked;

  private static void work() {
    long x = 0;
    for (int i = 0; i < 20_000_000; i++) {
      x += i * 31L ^ x;
    }
    sink = x;
  }

  private static void workThenWaitForInterrupt() {
    work();
    worked = true;
    synchronized (ThreadCpuSnapshotTest.class) {
      try {
        ThreadCpuSnapshotTest.class.wait();
      } catch (InterruptedException done) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
