package org.learnstream.jobs.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.learnstream.pipeline.metrics.ObservedHistogram;

/**
 * Flink's metric reporter interface bridged into a Micrometer registry, so the job's own metrics appear on the same
 * {@code /metrics} as the endpoint's, under the names of {@link ExportedJobMetric} and as {@link ConsumerLag}.
 * Every other Flink metric is left out: Prometheus gets one naming scheme, not Flink's scope-prefixed names.
 */
final class MicrometerReporter implements MetricReporter {

  private MeterRegistry registry;
  private ConsumerLag lag;
  private final Map<Meter.Id, CounterSum> sums = new HashMap<>();
  private final Map<Metric, Runnable> detach = new HashMap<>();
  private final List<Meter> meters = new ArrayList<>();

  @Override
  public void open(MetricConfig config) {
    registry = SharedRegistries.get(config.getString(JobMetrics.REGISTRY, null));
    lag = new ConsumerLag(registry, JobMetrics.parseGroups(config.getString(JobMetrics.CONSUMER_GROUPS, "")));
  }

  @Override
  public synchronized void close() {
    meters.addAll(lag.meters());
    meters.forEach(registry::remove);
    meters.clear();
  }

  @Override
  public synchronized void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    Map<String, String> variables = variables(group);
    if (lag.added(metric, name, variables)) {
      return;
    }
    ExportedJobMetric.forFlinkName(name).ifPresent(export -> export.tags(variables).ifPresent(tags -> {
      if (export.kind() == ExportedJobMetric.Kind.COUNTER && metric instanceof Counter counter) {
        CounterSum sum = sum(export, tags);
        sum.add(counter);
        detach.put(metric, () -> sum.retire(counter));
      } else if (export.kind() == ExportedJobMetric.Kind.TIMER && metric instanceof ObservedHistogram histogram) {
        Timer timer = Timer.builder(export.name()).description(export.description()).tags(tags)
            .publishPercentileHistogram().register(registry);
        remember(timer);
        LongConsumer observer = nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
        histogram.observe(observer);
        detach.put(metric, () -> histogram.forget(observer));
      }
    }));
  }

  @Override
  public synchronized void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    lag.removed(name, variables(group));
    Runnable undo = detach.remove(metric);
    if (undo != null) {
      undo.run();
    }
  }

  private CounterSum sum(ExportedJobMetric export, Tags tags) {
    Meter.Id id = new Meter.Id(export.name(), tags, null, export.description(), Meter.Type.COUNTER);
    return sums.computeIfAbsent(id, k -> {
      CounterSum sum = new CounterSum();
      remember(FunctionCounter.builder(export.name(), sum, CounterSum::total)
          .description(export.description()).tags(tags).register(registry));
      return sum;
    });
  }

  private void remember(Meter meter) {
    if (!meters.contains(meter)) {
      meters.add(meter);
    }
  }

  /** Flink's group variables without their angle brackets: {@code <table>} becomes {@code table}. */
  private static Map<String, String> variables(MetricGroup group) {
    Map<String, String> variables = new HashMap<>();
    group.getAllVariables().forEach((k, v) -> variables.put(k.replace("<", "").replace(">", ""), v));
    return variables;
  }
}
