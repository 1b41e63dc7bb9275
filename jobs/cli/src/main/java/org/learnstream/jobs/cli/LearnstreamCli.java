package org.learnstream.jobs.cli;

import java.util.Map;
import java.util.ServiceLoader;
import org.learnstream.jobs.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code learnstream} command: the user interface of record. */
@Command(name = "learnstream", mixinStandardHelpOptions = true, version = "learnstream 0.1.0",
    description = "Event-sourced learning analytics: xAPI in, mastery and early warnings out.",
    subcommands = {ServeCommand.class, SendCommand.class, RunCommand.class, FitCommand.class, EvaluateCommand.class,
        SubscriptionsCommand.class, TenantsCommand.class, NotifyCommand.class, ReplayCommand.class,
        MigrateCommand.class, QueryCommand.class, SkillsCommand.class, RetentionCommand.class, ExportCommand.class,
        EraseCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 success, 1 failure while running, 2 bad usage or configuration.",
        "Every setting can come from --config FILE.yaml or an environment variable; see 'learnstream help settings'."})
public final class LearnstreamCli {

  /** Where the verbs read LEARNSTREAM_* variables from: the process environment, or a given one in tests. */
  private final Map<String, String> environment;

  public LearnstreamCli() {
    this(System.getenv());
  }

  private LearnstreamCli(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return commandLine(System.getenv());
  }

  /** The command line reading its settings' environment variables from {@code environment}. */
  public static CommandLine commandLine(Map<String, String> environment) {
    CommandLine cli = new CommandLine(new LearnstreamCli(environment));
    cli.addSubcommand("settings", new SettingsCommand());
    for (MoreVerbs more : ServiceLoader.load(MoreVerbs.class)) {
      more.verbs().forEach(cli::addSubcommand);
    }
    VerbExamples.addTo(cli);
    WholeWordHelp.useFor(cli);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      // a mistake the user can fix: one line naming what was tried and what to do, no stack of causes
      if (e instanceof ConfigException || e instanceof IllegalArgumentException || e instanceof Unreachable) {
        commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        return e instanceof Unreachable ? 1 : 2;
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

  /** The environment of the command line that {@code spec} belongs to; the process's for a verb used alone. */
  static Map<String, String> environmentOf(CommandSpec spec) {
    return spec != null && spec.root().userObject() instanceof LearnstreamCli cli ? cli.environment : System.getenv();
  }
}
