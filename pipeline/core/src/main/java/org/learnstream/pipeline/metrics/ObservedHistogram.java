package org.learnstream.pipeline.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * A Flink histogram that also hands every value to its observers. Flink's reporters only see sampled statistics;
 * a reporter that keeps its own buckets (Prometheus histograms, for {@code histogram_quantile}) observes the values
 * themselves. Thread-safe: values may come from a background thread.
 */
public final class ObservedHistogram implements Histogram {

  private final DescriptiveStatisticsHistogram sample;
  private final List<LongConsumer> observers = new CopyOnWriteArrayList<>();

  public ObservedHistogram(int sampleSize) {
    this.sample = new DescriptiveStatisticsHistogram(sampleSize);
  }

  public void observe(LongConsumer observer) {
    observers.add(observer);
  }

  public void forget(LongConsumer observer) {
    observers.remove(observer);
  }

  @Override
  public synchronized void update(long value) {
    sample.update(value);
    for (LongConsumer observer : observers) {
      observer.accept(value);
    }
  }

  @Override
  public synchronized long getCount() {
    return sample.getCount();
  }

  @Override
  public synchronized HistogramStatistics getStatistics() {
    return sample.getStatistics();
  }
}
