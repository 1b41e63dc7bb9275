package org.learnstream.pipeline.metrics;

import java.util.function.LongSupplier;
import org.apache.flink.metrics.Counter;

/**
 * A Flink counter that reads a count kept elsewhere (e.g. an {@code AtomicLong} updated on another thread), so
 * plain Java classes need not know Flink's metric types. It cannot be changed through the counter.
 */
public final class ReadingCounter implements Counter {

  private final LongSupplier count;

  public ReadingCounter(LongSupplier count) {
    this.count = count;
  }

  @Override
  public long getCount() {
    return count.getAsLong();
  }

  @Override
  public void inc() {
    throw unsupported();
  }

  @Override
  public void inc(long n) {
    throw unsupported();
  }

  @Override
  public void dec() {
    throw unsupported();
  }

  @Override
  public void dec(long n) {
    throw unsupported();
  }

  private static UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("this counter only reads its source");
  }
}
