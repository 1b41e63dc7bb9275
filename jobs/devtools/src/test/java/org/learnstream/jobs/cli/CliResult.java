package org.learnstream.jobs.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** What one run of the command line answered: exit code, stdout and stderr. */
record CliResult(int code, String out, String err) {

  /** Runs {@code learnstream ARGS} with {@code environment} as its LEARNSTREAM_* variables. */
  static CliResult run(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LearnstreamCli.commandLine(environment);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliResult(code, out.toString(), err.toString());
  }

  /** Runs {@code learnstream ARGS} on the ClickHouse database of {@code clickHouse}, given by the environment. */
  static CliResult runOn(org.learnstream.pipeline.testing.ClickHouseExtension clickHouse, String... args) {
    return run(Map.of(
        "LEARNSTREAM_CLICKHOUSE_URL", clickHouse.endpoint().url(),
        "LEARNSTREAM_CLICKHOUSE_USER", clickHouse.endpoint().user(),
        "LEARNSTREAM_CLICKHOUSE_DATABASE", clickHouse.database()), args);
  }
}
