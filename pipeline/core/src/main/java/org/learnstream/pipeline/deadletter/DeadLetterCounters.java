package org.learnstream.pipeline.deadletter;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counts dead letters in Flink metrics, one counter per origin and rule ({@code <origin>} and {@code <rule>} are
 * metric group variables, so reporters can turn them into labels). Both are short ids from the code, never input.
 * Called from one task thread.
 */
public final class DeadLetterCounters {

  public static final String METRIC = "deadLetters";
  public static final String ORIGIN = "origin";
  public static final String RULE = "rule";

  private final MetricGroup group;
  private final Map<String, Counter> counters = new HashMap<>();

  public DeadLetterCounters(MetricGroup group) {
    this.group = group;
  }

  public void count(String origin, String rule) {
    counters.computeIfAbsent(origin + '\n' + rule,
        key -> group.addGroup(ORIGIN, origin).addGroup(RULE, rule).counter(METRIC)).inc();
  }
}
