package org.learnstream.jobs.devtools;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.learnstream.jobs.ingest.KafkaStatementPublisher;
import org.learnstream.jobs.ingest.bench.WarmedPhases;

/**
 * The Kafka transactions a phase committed and the statements each carried, read from the publisher's meters around
 * the phase: the broker's cost per transaction is shared by the statements in it, so a phase whose requests group
 * worse costs the broker more per statement.
 */
final class TransactionSizes {

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

  private static Map<String, Long> brokerRequests() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    try {
      var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
      for (var name : server.queryNames(new javax.management.ObjectName(
          "kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
        counts.merge(name.getKeyProperty("request"), ((Number) server.getAttribute(name, "Count")).longValue(),
            Long::sum);
      }
    } catch (Exception e) {
      counts.put("unreadable: " + e, 0L);
    }
    return counts;
  }

  private static double[] read(MeterRegistry registry) {
    DistributionSummary s = registry.find(KafkaStatementPublisher.TRANSACTION_STATEMENTS).summary();
    return s == null ? new double[2] : new double[] {s.count(), s.totalAmount()};
  }
}
