package org.learnstream.jobs.cli;

import java.util.Map;
import org.learnstream.jobs.config.EnvironmentVariable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Flags and variables renamed so that one concept has one name. The old names keep working for one release; each
 * use prints one line on stderr naming the new one, so scripts can be updated before the old name goes.
 */
final class DeprecatedNames {

  private DeprecatedNames() {
  }

  /** The value of the current flag, else that of its former name (with a warning), else null. */
  static String flag(CommandSpec spec, String current, String currentValue, String former, String formerValue) {
    if (formerValue != null) {
      warn(spec, former, current);
    }
    return currentValue != null ? currentValue : formerValue;
  }

  /** The value of the current variable, else that of its former name (with a warning), else null. */
  static String variable(CommandSpec spec, String current, EnvironmentVariable former) {
    Map<String, String> environment = LearnstreamCli.environmentOf(spec);
    String value = environment.get(current);
    if (value != null) {
      return value;
    }
    String formerValue = environment.get(former.name());
    if (formerValue != null) {
      warn(spec, former.name(), current);
    }
    return formerValue;
  }

  private static void warn(CommandSpec spec, String former, String current) {
    spec.commandLine().getErr().println(
        spec.qualifiedName() + ": " + former + " is deprecated and goes in the next release; use " + current);
    spec.commandLine().getErr().flush();
  }
}
