package org.learnstream.jobs.cli;

import org.learnstream.jobs.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code learnstream} command: the user interface of record. */
@Command(name = "learnstream", mixinStandardHelpOptions = true, version = "learnstream 0.1.0",
    description = "Event-sourced learning analytics: xAPI in, mastery and early warnings out.",
    subcommands = {DemoCommand.class, ServeCommand.class, SendCommand.class, RunCommand.class, FitCommand.class,
        EvaluateCommand.class, EvaluateAlertsCommand.class, SubscriptionsCommand.class, NotifyCommand.class, ReplayCommand.class,
        MigrateCommand.class, BenchCommand.class, ChaosCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 success, 1 failure while running, 2 bad usage or configuration.",
        "Every setting can come from --config FILE.yaml or an environment variable; see 'learnstream help settings'."})
public final class LearnstreamCli {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LearnstreamCli());
    cli.addSubcommand("settings", new SettingsCommand());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
        commandLine.getErr().println("learnstream: " + e.getMessage());
        return 2;
      }
      commandLine.getErr().println("learnstream: " + e);
      // A job failure arrives wrapped several times; the innermost causes say what went wrong.
      for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
        commandLine.getErr().println("  caused by: " + cause);
      }
      return 1;
    });
    return cli;
  }
}
