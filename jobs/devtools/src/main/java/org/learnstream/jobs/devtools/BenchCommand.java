package org.learnstream.jobs.devtools;

import org.learnstream.jobs.devtools.BenchPipelineCommand;
import org.learnstream.jobs.devtools.BenchQueriesCommand;
import org.learnstream.jobs.devtools.BenchIngestCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Parent of the benchmark verbs; each one lives in its own class and prints its figures. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure this machine: run one of the benchmarks below; each prints its figures.",
    subcommands = {BenchPipelineCommand.class, BenchIngestCommand.class, BenchQueriesCommand.class,
        BenchStatementsCommand.class, BenchReadAfterWriteCommand.class, BenchEraseCommand.class})
final class BenchCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }
}
