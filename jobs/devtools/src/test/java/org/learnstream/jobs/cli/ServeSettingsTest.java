package org.learnstream.jobs.cli;

import org.learnstream.jobs.ingest.IngestLimits;
import org.learnstream.jobs.ingest.KafkaPublisherSettings;
import org.learnstream.jobs.devtools.BenchIngestCommand;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.settings.IngestBenchOptions;
import org.learnstream.jobs.settings.IngestOptions;
import org.learnstream.jobs.ingest.IngestServerSettings;
import org.learnstream.jobs.ingest.TenantCredentials;
import org.learnstream.jobs.settings.LearnstreamConfig;
import picocli.CommandLine;

class ServeSettingsTest {

  @Test
  void serveRefusesAMaxBatchOfZeroBeforeStartingAnythingNamingTheSettingAndItsRange() {
    StringWriter err = new StringWriter();
    CommandLine cli = LearnstreamCli.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int code = cli.execute("serve", "--max-batch", "0");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("ingest.max-batch").contains("between 1 and 100000");
  }

  @Test
  void theFlagsOfServeOverrideTheSettingsFileAndTheRestComesFromIt(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("settings.yaml"), String.join("\n",
        "ingest:", "  port: 9911", "  max-batch: 40", "  kafka:", "    transactional-producers: 5", ""));
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("--config", file.toString(), "--max-batch", "25", "--instance-id", "b");

    Configuration settings = serve.settings();
    IngestServerSettings server = IngestServerSettings.from(settings, TenantCredentials.developmentDefault(),
        KafkaPublisherSettings.from(settings, "127.0.0.1:9092", "xapi.statements"));

    assertThat(server.port()).isEqualTo(9911);
    assertThat(server.limits().maxBatchStatements()).isEqualTo(25);
    assertThat(server.kafka().transactionalProducers()).isEqualTo(5);
    assertThat(server.kafka().transactionalIdPrefix()).isEqualTo("learnstream-ingest-b");
  }

  @Test
  void benchIngestMeasuresTheServerWithTheSettingsThatServeUses(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("settings.yaml"),
        "ingest.kafka.transactional-producers: 3\ningest.max-body-bytes: 65536\n");
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("--config", file.toString());
    BenchIngestCommand bench = new BenchIngestCommand();
    new CommandLine(bench).parseArgs("--config", file.toString(), "--batch", "20");

    Configuration served = serve.settings();
    Configuration measured = bench.settings();

    assertThat(IngestLimits.from(measured)).isEqualTo(IngestLimits.from(served));
    assertThat(measured.get(IngestOptions.TRANSACTIONAL_PRODUCERS)).isEqualTo(3)
        .isEqualTo(served.get(IngestOptions.TRANSACTIONAL_PRODUCERS));
    assertThat(measured.get(IngestBenchOptions.BATCH)).isEqualTo(20);
  }

  @Test
  void theSettingsVerbPrintsEveryComponentWithDescriptionsAsText() {
    StringWriter out = new StringWriter();
    CommandLine cli = LearnstreamCli.commandLine();
    cli.setOut(new PrintWriter(out, true));

    assertThat(cli.execute("settings")).isZero();
    assertThat(out.toString())
        .contains("ingest server (serve)", "ingest.kafka.transactional-producers", "notify.max-attempts",
            "bench.ingest.batch", "Most statements in one POST")
        .doesNotContain("Description@");
  }

  @Test
  void serveWithoutAPseudonymKeyOrADataDirectorySaysItUsesThePublicKeyAndKeepsNothing() {
    Configuration settings = LearnstreamConfig.load(null, Map.of());

    assertThat(ServeCommand.notices(settings, Map.of()))
        .anySatisfy(line -> assertThat(line).contains("public development key", "LEARNSTREAM_PSEUDONYM_KEY"))
        .anySatisfy(line -> assertThat(line).contains("temporary, deleted when serve stops", "runtime.data-dir"));
  }

  @Test
  void serveWithAPseudonymKeyAndADataDirectoryHasNothingToWarnAbout(@TempDir Path dir) {
    Map<String, String> environment = Map.of("LEARNSTREAM_PSEUDONYM_KEY", "a-real-key",
        "LEARNSTREAM_RUNTIME_DATA_DIR", dir.toString());

    assertThat(ServeCommand.notices(LearnstreamConfig.load(null, environment), environment)).isEmpty();
  }
}
