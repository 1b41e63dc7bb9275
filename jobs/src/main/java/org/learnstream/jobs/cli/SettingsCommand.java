package org.learnstream.jobs.cli;

import java.util.concurrent.Callable;
import org.learnstream.jobs.config.LearnstreamConfig;
import picocli.CommandLine.Command;

/** Lists every setting with its default, description and environment variable. */
@Command(name = "settings", mixinStandardHelpOptions = true,
    description = "List every setting, its default and the environment variable that overrides it.")
final class SettingsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.out.println(LearnstreamConfig.describe());
    return 0;
  }
}
