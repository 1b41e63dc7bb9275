package org.learnstream.jobs.cli;

import picocli.CommandLine.Command;

/** {@code learnstream bench}: the benchmarks, one subcommand each; every one prints its figures. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure a part of Learnstream on this machine and print the figures.",
    subcommands = {BenchQueriesCommand.class})
final class BenchCommand implements Runnable {

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
