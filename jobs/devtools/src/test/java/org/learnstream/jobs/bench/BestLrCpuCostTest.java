package org.learnstream.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BestLrCpuCostTest {

  @Test
  void theVerdictIsTheMedianOfEachRoundsCpuRatioSoARoundOnABusierMachineDoesNotDecide() {
    List<BestLrComparison.Round> rounds = new ArrayList<>();
    double[][] cpu = {{100, 105}, {100, 300}, {200, 210}};
    for (int i = 0; i < cpu.length; i++) {
      rounds.add(new BestLrComparison.Round(i + 1, false, 1_000, 900, "1.0", cpu[i][0], 2 * cpu[i][0], 10));
      rounds.add(new BestLrComparison.Round(i + 1, true, 1_000, 900, "1.0", cpu[i][1], 2 * cpu[i][1], 10));
    }

    PairedCpuCost.Verdict tasks = PairedCpuCost.taskThreads(BestLrComparison.SIDES, rounds);

    assertThat(tasks.medianWithout()).isEqualTo(100);
    assertThat(tasks.medianWith()).isEqualTo(210);
    assertThat(tasks.medianRoundRatio()).isCloseTo(1.05, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(tasks.met()).isTrue();
    assertThat(PairedCpuCost.process(BestLrComparison.SIDES, rounds).medianWith()).isEqualTo(420);
    assertThat(PairedCpuCost.jvmAndClickHouse(BestLrComparison.SIDES, rounds).medianWith())
        .as("the JVM's 420 and ClickHouse's 10")
        .isEqualTo(430);
    assertThat(PairedCpuCost.describe(tasks)).contains("task threads", "1.050", "0.952", ": met");
  }

  @Test
  void cpuPerEventMayRiseByOneOverEightyFivePercentAndNoMore() {
    assertThat(verdict(100, 100 / 0.85).met()).isTrue();
    assertThat(verdict(100, 118).met()).isFalse();
    assertThat(PairedCpuCost.describe(verdict(100, 118))).endsWith(": not met");
  }

  @Test
  void theTaskThreadsCpuCountsThreadsNamedAsFlinkTasksAndNoOthers() throws Exception {
    TaskThreadCpu cpu = TaskThreadCpu.start();
    AtomicLong taskOwnCpu = new AtomicLong();
    CountDownLatch worked = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    Thread task = worker("knowledge tracing (1/2)#0", worked, release, taskOwnCpu);
    Thread other = worker("bench driver", worked, release, new AtomicLong());
    worked.await();

    TaskThreadCpu.Spent spent = cpu.stop();
    release.countDown();
    task.join();
    other.join();

    assertThat(spent.taskThreads()).isEqualTo(1);
    assertThat(spent.taskThreadsNanos()).isGreaterThanOrEqualTo(taskOwnCpu.get()).isPositive();
    assertThat(TaskThreadCpu.isTaskThread("Source: learning-events (2/2)#0")).isTrue();
    assertThat(TaskThreadCpu.isTaskThread("Flink Netty Server (0) Thread 0")).isFalse();
  }

  private static PairedCpuCost.Verdict verdict(double without, double with) {
    return PairedCpuCost.taskThreads(BestLrComparison.SIDES,
        List.of(new BestLrComparison.Round(1, false, 1, 1, "", without, without, 0),
            new BestLrComparison.Round(1, true, 1, 1, "", with, with, 0)));
  }

  /** A thread that spends some CPU, reports what it spent and waits to be released. */
  private static Thread worker(String name, CountDownLatch worked, CountDownLatch release, AtomicLong ownCpu) {
    Thread t = new Thread(() -> {
      double sum = 0;
      for (int i = 1; i < 5_000_000; i++) {
        sum += Math.log(i);
      }
      ownCpu.set(sum > 0 ? ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() : 0);
      worked.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, name);
    t.start();
    return t;
  }
}
