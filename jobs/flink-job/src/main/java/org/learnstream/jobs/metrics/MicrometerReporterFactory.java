package org.learnstream.jobs.metrics;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/** Found by Flink through {@code META-INF/services}; configured by {@link JobMetrics#reportTo}. */
public final class MicrometerReporterFactory implements MetricReporterFactory {

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return new MicrometerReporter();
  }
}
