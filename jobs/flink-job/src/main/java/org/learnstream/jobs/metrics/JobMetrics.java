package org.learnstream.jobs.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;

/**
 * Sends the metrics of a Flink job run in this JVM to a Micrometer registry (see {@link MicrometerReporter}):
 * {@code serve} passes the endpoint's registry, so one {@code /metrics} shows both.
 */
public final class JobMetrics implements AutoCloseable {

  static final String REGISTRY = "registry";
  static final String CONSUMER_GROUPS = "consumer-groups";
  private static final String PREFIX = "metrics.reporter.learnstream.";

  private final String registryId;

  private JobMetrics(String registryId) {
    this.registryId = registryId;
  }

  /**
   * Adds the reporter to the Flink settings of a job started in this JVM; {@code groupByTopic} names the consumer
   * group that reads each topic (the lag's label). Close the result once the job has ended.
   */
  public static JobMetrics reportTo(Configuration flink, MeterRegistry registry, Map<String, String> groupByTopic) {
    String id = SharedRegistries.register(registry);
    flink.setString(PREFIX + "factory.class", MicrometerReporterFactory.class.getName());
    flink.setString(PREFIX + REGISTRY, id);
    flink.setString(PREFIX + CONSUMER_GROUPS, groupByTopic.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
    return new JobMetrics(id);
  }

  /** {@code topic=group,topic=group}: Kafka names hold neither '=' nor ','. */
  static Map<String, String> parseGroups(String text) {
    Map<String, String> groups = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        groups.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return groups;
  }

  @Override
  public void close() {
    SharedRegistries.release(registryId);
  }
}
