package org.learnstream.jobs.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands a registry to the metric reporter that Flink creates from its settings: Flink instantiates reporters itself
 * and passes them only strings, so the owner registers its registry here and puts the returned id in the reporter's
 * settings. Works where Flink runs in the same JVM as the owner (the embedded MiniCluster of serve and run).
 */
public final class SharedRegistries {

  private static final Map<String, MeterRegistry> REGISTRIES = new ConcurrentHashMap<>();

  private SharedRegistries() {
  }

  public static String register(MeterRegistry registry) {
    String id = UUID.randomUUID().toString();
    REGISTRIES.put(id, registry);
    return id;
  }

  public static MeterRegistry get(String id) {
    MeterRegistry registry = id == null ? null : REGISTRIES.get(id);
    if (registry == null) {
      throw new IllegalStateException("no meter registry '" + id + "' in this JVM: the Learnstream metric reporter "
          + "only runs in the process that started Flink (learnstream serve or run)");
    }
    return registry;
  }

  public static void release(String id) {
    REGISTRIES.remove(id);
  }
}
