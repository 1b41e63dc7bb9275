package org.learnstream.jobs.cli;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The command-line flags that override a setting: only the flags given, so a flag left out keeps the value of the
 * settings file or environment. The flags carry no defaults of their own; the option's default is the one default.
 */
public final class SettingOverrides {

  private final Configuration flags = new Configuration();

  public <T> SettingOverrides set(ConfigOption<T> option, T flagValue) {
    if (flagValue != null) {
      flags.set(option, flagValue);
    }
    return this;
  }

  public Configuration asConfiguration() {
    return flags;
  }
}
