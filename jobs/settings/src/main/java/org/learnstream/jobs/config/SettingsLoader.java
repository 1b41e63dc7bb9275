package org.learnstream.jobs.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the settings of the given components: one YAML file (nested or dotted keys), every key overridable by an
 * environment variable ({@code mastery.threshold} -> {@code LEARNSTREAM_MASTERY_THRESHOLD}) and by command-line
 * flags, typed and range-checked before anything starts. A key or a {@code LEARNSTREAM_*} variable that no
 * component knows stops the start with the name it most likely meant: a typo must not leave a default in force.
 */
public final class SettingsLoader {

  private final List<SettingsComponent> components;

  public SettingsLoader(List<SettingsComponent> components) {
    this.components = List.copyOf(components);
  }

  /** Every option by key, sorted. */
  public Map<String, ConfigOption<?>> options() {
    Map<String, ConfigOption<?>> byKey = new TreeMap<>();
    components.forEach(c -> c.options().forEach(o -> byKey.put(o.key(), o)));
    return byKey;
  }

  /** Every environment variable read besides the settings' own (secrets, client variables), by name. */
  public Map<String, EnvironmentVariable> variables() {
    Map<String, EnvironmentVariable> byName = new TreeMap<>();
    components.forEach(c -> c.variables().forEach(v -> byName.put(v.name(), v)));
    return byName;
  }

  /** Every range check, component by component. */
  public List<OptionCheck<?>> checks() {
    return components.stream().flatMap(c -> c.checks().stream()).toList();
  }

  /**
   * The settings file, then the environment, then {@code flags} (command-line options that override a setting),
   * each later source winning; then every option is parsed and range-checked.
   */
  public Configuration load(Path file, Map<String, String> environment, Configuration flags) {
    Map<String, ConfigOption<?>> known = options();
    Map<String, String> values = new LinkedHashMap<>();
    if (file != null) {
      flatten("", readYaml(file), values);
      Set<String> accepted = known.values().stream().flatMap(o -> keys(o).stream()).collect(Collectors.toSet());
      for (String key : values.keySet()) {
        if (!accepted.contains(key)) {
          throw new ConfigException("unknown setting '" + key + "' in " + file
              + Suggestion.hint(key, known.keySet()) + " ('learnstream settings' lists every setting)");
        }
      }
    }
    refuseUnknownVariables(environment.keySet(), known.values());
    for (ConfigOption<?> option : known.values()) {
      for (String key : keys(option)) {
        String value = environment.get(environmentName(key));
        if (value != null) {
          values.put(key, value);
        }
      }
    }
    Configuration config = Configuration.fromMap(values);
    config.addAll(flags);
    known.values().forEach(option -> validate(config, option, file));
    checks().forEach(check -> check.check(config));
    return config;
  }

  /** A {@code LEARNSTREAM_*} variable that is neither a setting's nor a declared one is a typo until shown not. */
  private void refuseUnknownVariables(Set<String> names, Collection<ConfigOption<?>> options) {
    Set<String> accepted = new TreeSet<>(variables().keySet());
    options.forEach(o -> keys(o).forEach(k -> accepted.add(environmentName(k))));
    for (String name : new TreeSet<>(names)) {
      if (name.startsWith("LEARNSTREAM_") && !accepted.contains(name)) {
        throw new ConfigException("unknown environment variable " + name + Suggestion.hint(name, accepted)
            + " (unset it or correct its name; 'learnstream settings' lists every variable)");
      }
    }
  }

  public static String environmentName(String key) {
    return "LEARNSTREAM_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * Every setting by component: its key, default, type, allowed values and environment variables on one line, its
   * description wrapped below; then the component's other environment variables (secrets by name only).
   */
  public String describe() {
    Map<String, String> rules = checks().stream()
        .collect(Collectors.toMap(c -> c.option().key(), OptionCheck::rule, (a, b) -> a + " and " + b));
    StringBuilder out = new StringBuilder();
    for (SettingsComponent component : components) {
      out.append(System.lineSeparator()).append(component.name()).append(System.lineSeparator());
      Map<String, String> types = component.types();
      component.options().stream().sorted(Comparator.comparing(ConfigOption::key)).forEach(o -> {
        out.append("  ").append(o.key()).append(" = ").append(defaultText(o))
            .append("  (").append(types.getOrDefault(o.key(), "text")).append(")");
        if (rules.containsKey(o.key())) {
          out.append("; must be ").append(rules.get(o.key()));
        }
        out.append(System.lineSeparator()).append("      env ")
            .append(keys(o).stream().map(SettingsLoader::environmentName).collect(Collectors.joining(" or ")))
            .append(System.lineSeparator());
        wrap(text(o), 100).forEach(line -> out.append("      ").append(line).append(System.lineSeparator()));
      });
      component.variables().forEach(v -> {
        out.append("  env ").append(v.name()).append(v.secret() ? "  (secret: environment only, never printed)" : "")
            .append(System.lineSeparator());
        wrap(v.description(), 100).forEach(line -> out.append("      ").append(line).append(System.lineSeparator()));
      });
    }
    return out.toString().strip();
  }

  /** The option's description as text (a Description's toString is its identity). */
  public static String text(ConfigOption<?> option) {
    return new PlainTextFormatter().format(option.description());
  }

  /** Durations as the settings file takes them ({@code 10 min}), no default as {@code (none)}. */
  private static String defaultText(ConfigOption<?> option) {
    if (!option.hasDefaultValue()) {
      return "(none)";
    }
    Object value = option.defaultValue();
    if (value instanceof Duration d) {
      return TimeUtils.formatWithHighestUnit(d);
    }
    return value.toString().isEmpty() ? "''" : value.toString();
  }

  private static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split("\\s+")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    lines.add(line.toString());
    return lines;
  }

  /** The option's key, then the older keys it still reads (so their environment variables keep working). */
  private static List<String> keys(ConfigOption<?> option) {
    List<String> keys = new ArrayList<>(List.of(option.key()));
    option.fallbackKeys().forEach(k -> keys.add(k.getKey()));
    return keys;
  }

  private static void validate(Configuration config, ConfigOption<?> option, Path file) {
    try {
      config.get(option);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("setting '" + option.key() + "' (" + (file == null ? "environment" : file.toString())
          + " or " + environmentName(option.key()) + ") is invalid: " + e.getMessage()
          + ". Expected: " + text(option));
    }
  }

  private static Map<?, ?> readYaml(Path file) {
    try (Reader reader = Files.newBufferedReader(file)) {
      Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
      if (root == null) {
        return Map.of();
      }
      if (!(root instanceof Map<?, ?> map)) {
        throw new ConfigException(
            file + " must hold a YAML mapping of settings, not " + root.getClass().getSimpleName());
      }
      return map;
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + file + " does not exist; give the path of a YAML settings file");
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    } catch (MarkedYAMLException e) {
      String where = e.getProblemMark() == null
          ? ""
          : " at line " + (e.getProblemMark().getLine() + 1) + ", column " + (e.getProblemMark().getColumn() + 1);
      throw new ConfigException("config file " + file + " is not valid YAML: " + e.getProblem() + where);
    } catch (YAMLException e) {
      throw new ConfigException("config file " + file + " is not valid YAML: " + e.getMessage());
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
