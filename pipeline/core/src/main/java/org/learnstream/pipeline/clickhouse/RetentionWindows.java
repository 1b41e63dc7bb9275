package org.learnstream.pipeline.clickhouse;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How long one kind of data is kept: a window for every tenant, and shorter or longer windows for some tenants.
 *
 * @param standard the window of every tenant not named in {@code tenants}
 * @param tenants per-tenant windows that replace the standard one
 */
public record RetentionWindows(Duration standard, Map<String, Duration> tenants) {

  public RetentionWindows {
    Objects.requireNonNull(standard, "standard");
    if (standard.isNegative() || standard.isZero()) {
      throw new IllegalArgumentException("a retention window must be positive, was " + standard);
    }
    tenants.forEach((tenant, window) -> {
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("the retention window of tenant " + tenant + " must be positive, was "
            + window);
      }
    });
    tenants = java.util.Collections.unmodifiableMap(new TreeMap<>(tenants));
  }

  public static RetentionWindows of(Duration standard) {
    return new RetentionWindows(standard, Map.of());
  }

  public Duration of(String tenant) {
    return tenants.getOrDefault(tenant, standard);
  }

  /**
   * The longest window of any tenant: what a store shared by every tenant (a Kafka topic, a monthly partition) may
   * drop as a whole.
   */
  public Duration longest() {
    return tenants.values().stream().reduce(standard, (a, b) -> a.compareTo(b) >= 0 ? a : b);
  }
}
