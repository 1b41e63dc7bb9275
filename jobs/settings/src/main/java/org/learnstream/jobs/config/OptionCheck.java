package org.learnstream.jobs.config;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.util.TimeUtils;

/**
 * The allowed values of one setting, declared as a {@code public static final} field right after the option in its
 * options class; {@link SettingsLoader} finds and runs every one at start-up. An unset option without a default
 * passes (whether it is required depends on the command).
 *
 * @param rule what an allowed value is, completing "must be ..."; shown by {@code learnstream settings} too
 */
public record OptionCheck<T>(ConfigOption<T> option, Predicate<T> allowed, String rule) {

  public static <T extends Comparable<T>> OptionCheck<T> between(ConfigOption<T> option, T min, T max) {
    return new OptionCheck<>(option, v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0,
        "between " + text(min) + " and " + text(max));
  }

  public static <T extends Comparable<T>> OptionCheck<T> atLeast(ConfigOption<T> option, T min) {
    return new OptionCheck<>(option, v -> v.compareTo(min) >= 0, "at least " + text(min));
  }

  public static OptionCheck<Integer> port(ConfigOption<Integer> option) {
    return new OptionCheck<>(option, v -> v >= 0 && v <= 65535, "between 0 (any free port) and 65535");
  }

  public static OptionCheck<String> oneOf(ConfigOption<String> option, List<String> values) {
    return new OptionCheck<>(option, values::contains, "one of " + values);
  }

  public static OptionCheck<String> notBlank(ConfigOption<String> option) {
    return new OptionCheck<>(option, v -> !v.isBlank(), "non-blank text");
  }

  /** Throws a {@link ConfigException} naming the setting, its value and the rule unless the value is allowed. */
  public void check(ReadableConfig config) {
    T value = config.get(option);
    if (value != null && !allowed.test(value)) {
      throw new ConfigException("setting '" + option.key() + "' is " + text(value) + " but must be " + rule);
    }
  }

  /** Durations as the settings file takes them ({@code 1 s}, {@code 15 min}), anything else as itself. */
  private static String text(Object value) {
    return value instanceof Duration d ? TimeUtils.formatWithHighestUnit(d) : String.valueOf(value);
  }
}
