package org.learnstream.pipeline.warning.spi;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One setting of a rule's section in the rules file: its key, its type, its default and what it means. Ranges are
 * checked where the rule builds its settings record, which sees every value at once.
 */
public final class RuleOption<T> {

  private final String key;
  private final T defaultValue;
  private final String description;
  private final String type;
  private final Function<Object, T> convert;
  private final boolean common;

  private RuleOption(String key, T defaultValue, String description, String type, Function<Object, T> convert,
      boolean common) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
    this.type = type;
    this.convert = convert;
    this.common = common;
  }

  /** {@link RuleSettings#enabled()}, which every rule has. */
  public static RuleOption<Boolean> enabled() {
    return new RuleOption<>("enabled", true, "false keeps the rule from raising alerts", "true or false",
        v -> (Boolean) v, true);
  }

  /** {@link RuleSettings#severity()}, which every rule has, with the rule's default. */
  public static RuleOption<Severity> severity(Severity defaultValue) {
    return new RuleOption<>("severity", defaultValue, "of the rule's alerts: info, warning or critical",
        "info, warning or critical", v -> Severity.of(String.valueOf(v)), true);
  }

  public static RuleOption<Boolean> flag(String key, boolean defaultValue, String description) {
    return new RuleOption<>(key, defaultValue, description, "true or false", v -> (Boolean) v, false);
  }

  public static RuleOption<Integer> integer(String key, int defaultValue, String description) {
    return new RuleOption<>(key, defaultValue, description, "a number", v -> ((Number) v).intValue(), false);
  }

  public static RuleOption<Double> number(String key, double defaultValue, String description) {
    return new RuleOption<>(key, defaultValue, description, "a number", v -> ((Number) v).doubleValue(), false);
  }

  public static RuleOption<String> text(String key, String defaultValue, String description) {
    return new RuleOption<>(key, defaultValue, description, "text", String::valueOf, false);
  }

  /** A mapping of free keys (e.g. activity ids) to millisecond values. */
  public static RuleOption<Map<String, Long>> millisByKey(String key, String description) {
    return new RuleOption<>(key, Map.of(), description, "a mapping of keys to numbers", v -> {
      Map<String, Long> out = new HashMap<>();
      ((Map<?, ?>) v).forEach((k, ms) -> out.put(String.valueOf(k), ((Number) ms).longValue()));
      return Map.copyOf(out);
    }, false);
  }

  /** The value in the section, or the default when the section does not set it. */
  public T read(Map<String, Object> section, String ruleId) {
    Object value = section.get(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      return convert.apply(value);
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("warning rules: " + ruleId + "." + key + " must be " + type
          + " (was " + value + ")");
    }
  }

  public String key() {
    return key;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** Whether every rule has this setting ({@code enabled}, {@code severity}), so documentation names it once. */
  public boolean common() {
    return common;
  }

  /** {@code `key` = default: description}, for help texts and the README. */
  public String line() {
    String shown = defaultValue instanceof Severity s ? s.id() : String.valueOf(defaultValue);
    return "`" + key + "` = " + shown + ": " + description;
  }
}
