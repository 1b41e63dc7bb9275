package org.learnstream.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ConsumerLag lag = new ConsumerLag(registry, Map.of("s.xapi.statements", "s.pipeline"));

  @Test
  void theLagOfATopicIsThePendingRecordsOfTheReadersThatReportItsOffsets() {
    lag.added((Gauge<Long>) () -> 0L, ConsumerLag.CURRENT_OFFSET, reader("a1", "s.xapi.statements"));
    lag.added((Gauge<Long>) () -> 0L, ConsumerLag.CURRENT_OFFSET, reader("a2", "s.xapi.statements"));
    lag.added((Gauge<Long>) () -> 0L, ConsumerLag.CURRENT_OFFSET, reader("a3", "s.content.catalog"));
    lag.added((Gauge<Long>) () -> 40L, ConsumerLag.PENDING_RECORDS, reader("a1", null));
    lag.added((Gauge<Long>) () -> 2L, ConsumerLag.PENDING_RECORDS, reader("a2", null));

    assertThat(value("s.xapi.statements", "s.pipeline")).isEqualTo(42.0);
    assertThat(value("s.content.catalog", "unknown")).as("no reader of it has measured yet").isNaN();
  }

  @Test
  void aReaderThatWentAwayNoLongerCounts() {
    lag.added((Gauge<Long>) () -> 0L, ConsumerLag.CURRENT_OFFSET, reader("a1", "s.xapi.statements"));
    lag.added((Gauge<Long>) () -> 7L, ConsumerLag.PENDING_RECORDS, reader("a1", null));
    lag.removed(ConsumerLag.PENDING_RECORDS, reader("a1", null));

    assertThat(value("s.xapi.statements", "s.pipeline")).isNaN();
  }

  @Test
  void otherMetricsAreLeftToTheCaller() {
    assertThat(lag.added(new SimpleCounter(), "numRecordsIn", reader("a1", null))).isFalse();
    assertThat(registry.getMeters()).isEmpty();
  }

  private double value(String topic, String group) {
    return registry.get("learnstream.kafka.consumer.lag").tags("topic", topic, "consumer_group", group).gauge().value();
  }

  private static Map<String, String> reader(String attempt, String topic) {
    return topic == null
        ? Map.of("task_attempt_id", attempt, "operator_id", "source")
        : Map.of("task_attempt_id", attempt, "operator_id", "source", "topic", topic, "partition", "0");
  }
}
