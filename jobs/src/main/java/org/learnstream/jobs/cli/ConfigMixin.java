package org.learnstream.jobs.cli;

import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.settings.LearnstreamConfig;
import picocli.CommandLine.Option;

/** The shared {@code --config} option of the verbs that run services. */
final class ConfigMixin {

  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML settings file; environment variables LEARNSTREAM_* override it.")
  Path file;

  Configuration load() {
    return load(new SettingOverrides());
  }

  /** The settings file, the environment, then the command's flags, validated together. */
  Configuration load(SettingOverrides flags) {
    return LearnstreamConfig.load(file, System.getenv(), flags.asConfiguration());
  }
}
