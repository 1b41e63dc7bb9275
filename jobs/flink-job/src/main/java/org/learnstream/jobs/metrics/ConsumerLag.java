package org.learnstream.jobs.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Metric;

/**
 * Kafka consumer lag per topic and consumer group, from what the Kafka source already measures: each source reader's
 * {@code pendingRecords} (the standard source metric: records between its position and the log end, the sum of the
 * consumer's {@code records-lag}), attributed to the topics whose {@code currentOffset} the same reader reports. The
 * consumer group of each topic comes from the job's settings; Flink's metrics do not carry it.
 */
final class ConsumerLag {

  static final String PENDING_RECORDS = "pendingRecords";
  static final String CURRENT_OFFSET = "currentOffset";
  private static final String TOPIC = "topic";

  private final MeterRegistry registry;
  private final Map<String, String> groupByTopic;
  // read by scrapes without this object's lock: a scrape may hold the registry's locks, which registering here takes
  private final Map<String, Reader> readers = new ConcurrentHashMap<>();
  private final Set<String> exported = new HashSet<>();
  private final List<Meter> meters = new ArrayList<>();

  ConsumerLag(MeterRegistry registry, Map<String, String> groupByTopic) {
    this.registry = registry;
    this.groupByTopic = Map.copyOf(groupByTopic);
  }

  /** Whether this metric is one the lag is computed from (then it is taken here). */
  synchronized boolean added(Metric metric, String name, Map<String, String> variables) {
    if (name.equals(PENDING_RECORDS) && metric instanceof org.apache.flink.metrics.Gauge<?> gauge) {
      reader(variables).pending = gauge;
      return true;
    }
    String topic = variables.get(TOPIC);
    if (name.equals(CURRENT_OFFSET) && topic != null) {
      reader(variables).topics.add(topic);
      export(topic);
      return true;
    }
    return false;
  }

  synchronized void removed(String name, Map<String, String> variables) {
    if (name.equals(PENDING_RECORDS) || name.equals(CURRENT_OFFSET)) {
      readers.remove(readerKey(variables));
    }
  }

  /** The gauges registered so far. */
  synchronized List<Meter> meters() {
    return List.copyOf(meters);
  }

  private void export(String topic) {
    if (exported.add(topic)) {
      meters.add(Gauge.builder("learnstream.kafka.consumer.lag", this, lag -> lag.records(topic))
          .description("Records in the topic not yet read by the pipeline's consumer group")
          .baseUnit("records")
          .tags("topic", topic, "consumer_group", groupByTopic.getOrDefault(topic, "unknown"))
          .strongReference(true)
          .register(registry));
    }
  }

  /** The summed lag of the readers of {@code topic}; NaN while none has measured it. */
  private double records(String topic) {
    double sum = 0;
    boolean known = false;
    for (Reader reader : readers.values()) {
      Object value = reader.pending == null ? null : reader.pending.getValue();
      if (reader.topics.contains(topic) && value instanceof Number n && n.doubleValue() >= 0) {
        sum += n.doubleValue();
        known = true;
      }
    }
    return known ? sum : Double.NaN;
  }

  private Reader reader(Map<String, String> variables) {
    return readers.computeIfAbsent(readerKey(variables), k -> new Reader());
  }

  /** One source subtask attempt: the reader its metrics belong to. */
  private static String readerKey(Map<String, String> variables) {
    return variables.get("task_attempt_id") + "/" + variables.get("operator_id");
  }

  private static final class Reader {
    final Set<String> topics = ConcurrentHashMap.newKeySet();
    volatile org.apache.flink.metrics.Gauge<?> pending;
  }
}
