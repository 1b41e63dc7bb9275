package org.learnstream.jobs.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.learnstream.pipeline.xapi.Violation;

/**
 * The ingest server's meters; names become e.g. {@code learnstream_ingest_statements_total} in Prometheus (the
 * README's metrics table lists them all, the Pipeline health dashboard reads them).
 */
public final class IngestMetrics {

  private final MeterRegistry registry;
  private final Counter accepted;
  private final Counter refused;
  // meters looked up once: a registry lookup per request costs more than the increment itself
  private final Map<String, Counter> requests = new ConcurrentHashMap<>();
  private final Map<String, Timer> latencies = new ConcurrentHashMap<>();
  private final Map<String, Counter> rejectedByRule = new ConcurrentHashMap<>();

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.accepted = statements("accepted");
    this.refused = statements("rejected");
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void request(String method, int status, Duration latency) {
    requests.computeIfAbsent(method + " " + status, k -> Counter.builder("learnstream.ingest.requests")
        .description("Requests answered, by method and HTTP status")
        .tags("method", method, "status", Integer.toString(status))
        .register(registry))
        .increment();
    latencies.computeIfAbsent(method, m -> Timer.builder("learnstream.ingest.request")
        .description("Request latency")
        .tag("method", m)
        .publishPercentileHistogram()
        .register(registry))
        .record(latency);
  }

  public void accepted(int statements) {
    accepted.increment(statements);
  }

  /** A request refused for its content; each rule it broke counts once. */
  public void rejected(List<Violation> violations) {
    refused.increment();
    violations.stream().map(Violation::rule).distinct()
        .forEach(rule -> rejectedByRule.computeIfAbsent(rule, r -> Counter.builder("learnstream.ingest.rejections")
            .description("Requests refused for their content, by each rule they broke")
            .tag("rule", r)
            .register(registry)).increment());
  }

  private Counter statements(String outcome) {
    return Counter.builder("learnstream.ingest.statements")
        .description("Statements accepted and written to Kafka (repeats of stored statements not counted), and "
            + "requests refused for their content (a refused batch counts once)")
        .tag("outcome", outcome)
        .register(registry);
  }
}
