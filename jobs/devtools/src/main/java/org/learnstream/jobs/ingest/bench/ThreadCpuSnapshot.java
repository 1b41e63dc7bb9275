package org.learnstream.jobs.ingest.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import org.learnstream.jobs.bench.ThreadGroups;

/**
 * The CPU time of every live thread of the process at one moment, and what each group of threads
 * ({@link ThreadGroups#of}: the request threads, the broker's handlers, a producer's network thread) spent from then to
 * a later snapshot: where a phase's process CPU went. A thread that started in between counts from zero; one that
 * ended in between is not counted.
 */
final class ThreadCpuSnapshot {

  private record Reading(String name, long cpuNanos) {
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Map<Long, Reading> readings;

  private ThreadCpuSnapshot(Map<Long, Reading> readings) {
    this.readings = readings;
  }

  /** The threads' CPU now; empty where the JVM cannot read it. */
  static ThreadCpuSnapshot take() {
    Map<Long, Reading> readings = new HashMap<>();
    if (THREADS.isThreadCpuTimeSupported()) {
      for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
        long cpu = info == null ? -1 : THREADS.getThreadCpuTime(info.getThreadId());
        if (cpu >= 0) {
          readings.put(info.getThreadId(), new Reading(info.getThreadName(), cpu));
        }
      }
    }
    return new ThreadCpuSnapshot(readings);
  }

  /** Per group of threads, the CPU nanoseconds spent between {@code earlier} and this snapshot. */
  Map<String, Long> since(ThreadCpuSnapshot earlier) {
    Map<String, Long> byGroup = new HashMap<>();
    readings.forEach((id, now) -> {
      Reading before = earlier.readings.get(id);
      long spent = now.cpuNanos() - (before == null ? 0 : before.cpuNanos());
      byGroup.merge(ThreadGroups.of(now.name()), spent, Long::sum);
    });
    return byGroup;
  }
}
