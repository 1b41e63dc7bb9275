package org.learnstream.jobs.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.ConfigOption;
import org.learnstream.jobs.bench.IngestBenchOptions;
import org.learnstream.jobs.bench.PipelineBenchOptions;
import org.learnstream.jobs.bench.QueryBenchOptions;
import org.learnstream.jobs.ingest.IngestOptions;
import org.learnstream.jobs.ingest.documents.DocumentOptions;
import org.learnstream.jobs.metrics.MetricsOptions;
import org.learnstream.jobs.notify.NotifyOptions;
import org.learnstream.jobs.pipeline.PipelineOptions;
import org.learnstream.jobs.runtime.RuntimeOptions;

/**
 * Every options class of every component, the one list that loading, validation and {@code learnstream settings}
 * read. An options class holds {@code public static final} {@link ConfigOption}s, each followed by the
 * {@link OptionCheck} of its range where it has one.
 */
public final class SettingsRegistry {

  /** A part of the product and the options classes that configure it. */
  public record Component(String name, List<Class<?>> holders) {

    public List<ConfigOption<?>> options() {
      return fieldsOf(holders, ConfigOption.class).stream().<ConfigOption<?>>map(o -> o).toList();
    }

    public List<OptionCheck<?>> checks() {
      return fieldsOf(holders, OptionCheck.class).stream().<OptionCheck<?>>map(c -> c).toList();
    }
  }

  public static final List<Component> COMPONENTS = List.of(
      new Component("pipeline (run, serve, the Flink job)", List.of(PipelineOptions.class)),
      new Component("services (Kafka, ClickHouse, embedded runtime)", List.of(RuntimeOptions.class)),
      new Component("metrics (run)", List.of(MetricsOptions.class)),
      new Component("ingest server (serve)", List.of(IngestOptions.class, DocumentOptions.class)),
      new Component("notifier (notify)", List.of(NotifyOptions.class)),
      new Component("benchmarks (bench)",
          List.of(IngestBenchOptions.class, PipelineBenchOptions.class, QueryBenchOptions.class)));

  private SettingsRegistry() {}

  /** Every option by key, sorted. */
  public static Map<String, ConfigOption<?>> options() {
    Map<String, ConfigOption<?>> byKey = new TreeMap<>();
    COMPONENTS.forEach(c -> c.options().forEach(o -> byKey.put(o.key(), o)));
    return byKey;
  }

  /** Every range check, in declaration order. */
  public static List<OptionCheck<?>> checks() {
    return COMPONENTS.stream().flatMap(c -> c.checks().stream()).toList();
  }

  private static <T> List<T> fieldsOf(List<Class<?>> holders, Class<T> type) {
    List<T> found = new ArrayList<>();
    for (Class<?> holder : holders) {
      for (Field field : holder.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && type.isAssignableFrom(field.getType())) {
          try {
            found.add(type.cast(field.get(null)));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return found;
  }
}
