package org.learnstream.jobs.devtools;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.learnstream.jobs.ingest.KafkaStatementPublisher;
import org.learnstream.jobs.ingest.bench.WarmedPhases;

/**
 * The Kafka transactions a phase committed and the statements each carried, read from the publisher's meters around
 * the phase, and the requests the embedded broker served per request of the phase, by API (its own request meters):
 * the broker's cost per transaction is shared by the statements in it, so a phase whose requests group worse costs
 * the broker more per statement.
 */
final class KafkaTraffic {

  private final Map<String, String> byPhase = new ConcurrentHashMap<>();

  /** {@code phase}, noting what {@code registry}'s publisher committed while it ran. */
  WarmedPhases.Phase around(MeterRegistry registry, WarmedPhases.Phase phase) {
    return (name, duration) -> {
      double[] before = read(registry);
      Map<String, Long> brokerBefore = brokerRequests();
      var result = phase.run(name, duration);
      double[] after = read(registry);
      Map<String, Long> brokerAfter = brokerRequests();
      StringBuilder perRequest = new StringBuilder();
      brokerAfter.forEach((api, count) -> {
        double each = (count - brokerBefore.getOrDefault(api, 0L)) / (double) Math.max(1, result.requests());
        if (each >= 0.005) {
          perRequest.append(String.format(" %s %.2f", api, each));
        }
      });
      long transactions = (long) (after[0] - before[0]);
      double statements = after[1] - before[1];
      byPhase.put(name, String.format("  Kafka transactions: %,d (%.0f/s), %.1f statements each", transactions,
          transactions / Math.max(1e-9, result.elapsed().toNanos() / 1e9),
          transactions == 0 ? 0 : statements / transactions) + "; broker requests per request:" + perRequest);
      return result;
    };
  }

  /** The line for the phase named {@code name}, or empty when it committed nothing or was not watched. */
  String line(String name) {
    return byPhase.getOrDefault(name, "");
  }

  /** Requests the broker in this JVM served so far, by API; nothing when no broker runs here. */
  private static Map<String, Long> brokerRequests() {
    Map<String, Long> counts = new TreeMap<>();
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      for (ObjectName name : server.queryNames(new ObjectName(
          "kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
        counts.merge(name.getKeyProperty("request"), ((Number) server.getAttribute(name, "Count")).longValue(),
            Long::sum);
      }
    } catch (JMException e) {
      return Map.of(); // the line then names no requests
    }
    return counts;
  }

  private static double[] read(MeterRegistry registry) {
    DistributionSummary s = registry.find(KafkaStatementPublisher.TRANSACTION_STATEMENTS).summary();
    return s == null ? new double[2] : new double[] {s.count(), s.totalAmount()};
  }
}
