package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NotifyCommandTest {

  @Test
  void withoutClickHouseTheNotifierRefusesToStartAndNamesTheSetting(@TempDir Path dir) throws Exception {
    Path settings = dir.resolve("settings.yaml");
    Files.writeString(settings, "kafka.bootstrap-servers: 127.0.0.1:9\n");
    StringWriter err = new StringWriter();
    CommandLine cli = LearnstreamCli.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int code = cli.execute("notify", "--config", settings.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("clickhouse.url").contains("delivery log");
  }

  @Test
  void isAVerbOfTheCli() {
    StringWriter out = new StringWriter();
    CommandLine cli = LearnstreamCli.commandLine();
    cli.setOut(new PrintWriter(out, true));

    assertThat(cli.execute("notify", "--help")).isZero();
    assertThat(out.toString()).contains("--group").contains("webhooks");
  }
}
