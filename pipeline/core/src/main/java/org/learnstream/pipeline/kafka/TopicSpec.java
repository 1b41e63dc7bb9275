package org.learnstream.pipeline.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a topic is laid out.
 *
 * @param retention how long records are kept; empty means forever (compacted topics keep the latest
 *     record per key forever regardless)
 */
public record TopicSpec(String name, int partitions, boolean compacted, Optional<Duration> retention) {

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(retention, "retention");
    if (name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("topic " + name + ": partitions must be at least 1, was " + partitions);
    }
  }

  /**
   * The largest record a topic of the pipeline takes, and the job's producers send: 2 MiB. A dead letter carries the
   * refused record whole beside its reason, and that record may be as large as the broker took from any producer (1
   * MiB by default), so a dead letter may be larger than 1 MiB; one the broker refused would fail the job's every
   * restart.
   */
  public static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

  public static TopicSpec of(String name, int partitions) {
    return new TopicSpec(name, partitions, false, Optional.empty());
  }

  /**
   * The topic-level configs ({@code cleanup.policy}, {@code retention.ms}, {@code max.message.bytes}) that express
   * this spec.
   */
  public Map<String, String> configs() {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put("cleanup.policy", compacted ? "compact" : "delete");
    configs.put("retention.ms", String.valueOf(retention.map(Duration::toMillis).orElse(-1L)));
    configs.put("max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    return configs;
  }
}
