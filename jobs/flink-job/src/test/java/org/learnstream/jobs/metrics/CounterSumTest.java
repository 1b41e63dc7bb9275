package org.learnstream.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

class CounterSumTest {

  @Test
  void addsTheCountersOfEverySubtaskAndKeepsTheCountOfOneThatRestarted() {
    CounterSum sum = new CounterSum();
    SimpleCounter first = new SimpleCounter();
    SimpleCounter second = new SimpleCounter();
    sum.add(first);
    sum.add(second);
    first.inc(5);
    second.inc(2);
    assertThat(sum.total()).isEqualTo(7.0);

    sum.retire(first);
    SimpleCounter restarted = new SimpleCounter();
    sum.add(restarted);
    restarted.inc();

    assertThat(sum.total()).as("a restarted task starts its counter at 0; the total does not fall").isEqualTo(8.0);
  }
}
