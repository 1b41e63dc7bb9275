package org.learnstream.jobs.metrics;

import java.util.HashSet;
import java.util.Set;
import org.apache.flink.metrics.Counter;

/**
 * One exported counter over the Flink counters of every subtask with the same name and labels. A counter that
 * goes away (a task ends or restarts) leaves its count behind, so the sum never falls while this JVM runs.
 */
final class CounterSum {

  private final Set<Counter> live = new HashSet<>();
  private long retired;

  synchronized void add(Counter counter) {
    live.add(counter);
  }

  synchronized void retire(Counter counter) {
    if (live.remove(counter)) {
      retired += counter.getCount();
    }
  }

  synchronized double total() {
    long sum = retired;
    for (Counter counter : live) {
      sum += counter.getCount();
    }
    return sum;
  }
}
