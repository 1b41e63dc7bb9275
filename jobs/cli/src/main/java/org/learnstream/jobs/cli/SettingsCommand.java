package org.learnstream.jobs.cli;

import java.util.concurrent.Callable;
import org.learnstream.jobs.settings.LearnstreamConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists every setting of every component with its default, description, range and environment variable. */
@Command(name = "settings", mixinStandardHelpOptions = true,
    description = "List every setting by component: its description, default, allowed values and the environment "
        + "variable that overrides it.")
final class SettingsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(LearnstreamConfig.LOADER.describe());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
