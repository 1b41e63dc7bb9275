package org.learnstream.jobs.cli;

import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.settings.LearnstreamConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The shared {@code --config} option of the verbs that run services. */
public final class ConfigMixin {

  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML settings file; environment variables LEARNSTREAM_* override it.")
  Path file;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  public Configuration load() {
    return load(new SettingOverrides());
  }

  /** The settings file, the environment, then the command's flags, validated together. */
  public Configuration load(SettingOverrides flags) {
    return LearnstreamConfig.load(file, LearnstreamCli.environmentOf(command), flags.asConfiguration());
  }
}
