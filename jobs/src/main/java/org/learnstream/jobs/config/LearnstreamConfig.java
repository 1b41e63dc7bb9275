package org.learnstream.jobs.config;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.metrics.MetricsOptions;
import org.learnstream.jobs.pipeline.PipelineOptions;
import org.learnstream.jobs.runtime.RuntimeOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One YAML file (nested or dotted keys), every key overridable by an environment variable
 * ({@code mastery.threshold} -> {@code LEARNSTREAM_MASTERY_THRESHOLD}), typed and validated before anything starts.
 */
public final class LearnstreamConfig {

  public static final List<Class<?>> OPTION_HOLDERS =
      List.of(PipelineOptions.class, RuntimeOptions.class, MetricsOptions.class);

  private LearnstreamConfig() {}

  public static Configuration load(Path file, Map<String, String> environment) {
    Map<String, ConfigOption<?>> known = knownOptions();
    Map<String, String> values = new LinkedHashMap<>();
    if (file != null) {
      flatten("", readYaml(file), values);
      for (String key : values.keySet()) {
        if (!known.containsKey(key)) {
          throw new ConfigException("unknown setting '" + key + "' in " + file + "; known settings: "
              + String.join(", ", new TreeMap<>(known).keySet()));
        }
      }
    }
    for (String key : known.keySet()) {
      String value = environment.get(environmentName(key));
      if (value != null) {
        values.put(key, value);
      }
    }
    Configuration config = Configuration.fromMap(values);
    known.values().forEach(option -> validate(config, option, file));
    RuntimeOptions.validateRanges(config);
    return config;
  }

  public static String environmentName(String key) {
    return "LEARNSTREAM_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Every setting with its default and description, for {@code --help} and the README. */
  public static String describe() {
    return knownOptions().values().stream()
        .map(o -> String.format("  %-36s %s (default: %s; env %s)", o.key(), o.description(),
            o.hasDefaultValue() ? o.defaultValue() : "none", environmentName(o.key())))
        .collect(Collectors.joining(System.lineSeparator()));
  }

  static Map<String, ConfigOption<?>> knownOptions() {
    Map<String, ConfigOption<?>> options = new TreeMap<>();
    for (Class<?> holder : OPTION_HOLDERS) {
      for (Field field : holder.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && ConfigOption.class.isAssignableFrom(field.getType())) {
          try {
            ConfigOption<?> option = (ConfigOption<?>) field.get(null);
            options.put(option.key(), option);
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return options;
  }

  private static void validate(Configuration config, ConfigOption<?> option, Path file) {
    try {
      config.get(option);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("setting '" + option.key() + "' (" + (file == null ? "environment" : file.toString())
          + " or " + environmentName(option.key()) + ") is invalid: " + e.getMessage()
          + ". Expected: " + option.description());
    }
  }

  private static Map<?, ?> readYaml(Path file) {
    try (Reader reader = Files.newBufferedReader(file)) {
      Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
      if (root == null) {
        return Map.of();
      }
      if (!(root instanceof Map<?, ?> map)) {
        throw new ConfigException(file + " must hold a YAML mapping of settings, not " + root.getClass().getSimpleName());
      }
      return map;
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
    map.forEach((k, v) -> {
      String key = prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k;
      if (v instanceof Map<?, ?> nested) {
        flatten(key, nested, out);
      } else if (v != null) {
        out.put(key, String.valueOf(v));
      }
    });
  }
}
