package org.learnstream.jobs.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import org.learnstream.pipeline.xapi.Violation;

/** The ingest server's meters; names become e.g. {@code learnstream_ingest_requests_total} in Prometheus. */
public final class IngestMetrics {

  private final MeterRegistry registry;
  private final Counter accepted;

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.accepted = Counter.builder("learnstream.ingest.statements.accepted")
        .description("Statements accepted and written to Kafka (repeats of stored statements not counted)")
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void request(String method, int status, Duration latency) {
    registry.counter("learnstream.ingest.requests", "method", method, "status", Integer.toString(status))
        .increment();
    Timer.builder("learnstream.ingest.request")
        .description("Request latency")
        .tag("method", method)
        .publishPercentileHistogram()
        .register(registry)
        .record(latency);
  }

  public void accepted(int statements) {
    accepted.increment(statements);
  }

  public void rejected(List<Violation> violations) {
    violations.stream().map(Violation::rule).distinct()
        .forEach(rule -> registry.counter("learnstream.ingest.statements.rejected", "rule", rule).increment());
  }
}
