package org.learnstream.jobs.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuByGroupTest {

  @Test
  void aThreadThatWorkedBetweenTwoSnapshotsCountsInItsGroup() throws Exception {
    ThreadCpuSnapshot before = ThreadCpuSnapshot.take();
    // the worker stays alive until the second snapshot: a thread that ended in between is not counted
    Thread worker = new Thread(CpuByGroupTest::workThenWaitForInterrupt, "bench-worker-8");
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

  @Test
  void groupsAreComparedPerRequestWithTheLargestDifferenceFirst() {
    LoadResult clear = result("in the clear", 1_000, Map.of("qtpN-N", 500_000_000L, "committer-N", 100_000_000L));
    LoadResult sealed = result("sealing", 1_000,
        Map.of("qtpN-N", 900_000_000L, "committer-N", 102_000_000L, "records", 30_000_000L));

    List<CpuByGroupComparison.Row> rows = CpuByGroupComparison.rows(clear, sealed);

    assertThat(rows).extracting(CpuByGroupComparison.Row::group).containsExactly("qtpN-N", "records", "committer-N");
    assertThat(rows.get(0).baseline()).isEqualTo(500.0);
    assertThat(rows.get(0).treated()).isEqualTo(900.0);
    assertThat(rows.get(1).baseline()).isZero();
    List<String> lines = CpuByGroupComparison.describe(clear, sealed, 5);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).contains("500.0", "900.0", "+400.0", "qtpN-N");
  }

  private static LoadResult result(String name, long requests, Map<String, Long> cpuByGroup) {
    return new LoadResult(name, 1, 100, requests, 0, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO,
        Duration.ZERO, Duration.ZERO, null, cpuByGroup);
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
    synchronized (CpuByGroupTest.class) {
      try {
        CpuByGroupTest.class.wait();
      } catch (InterruptedException done) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
