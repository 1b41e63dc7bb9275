package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.pipeline.testing.KafkaExtension;

/** The Kafka address is --kafka / kafka.bootstrap-servers everywhere; the former names work for one release. */
class OneNamePerConceptTest {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  @TempDir
  Path dir;

  @Test
  void subscriptionsFindKafkaByTheKafkaFlagWithoutAWarning() {
    CliResult result = run("subscriptions", "--kafka", KAFKA.bootstrapServers(), "--topic", topic(), "list");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err()).isEmpty();
  }

  @Test
  void subscriptionsStillTakeTheFormerBootstrapFlagAndSayWhatReplacesIt() {
    CliResult result = run("subscriptions", "--bootstrap", KAFKA.bootstrapServers(), "--topic", topic(), "list");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err().strip())
        .isEqualTo("learnstream subscriptions: --bootstrap is deprecated and goes in the next release; use --kafka");
  }

  @Test
  void subscriptionsFindKafkaByTheSettingsVariableWithoutAWarning() {
    CliResult result = CliResult.run(Map.of("LEARNSTREAM_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers()),
        "subscriptions", "--topic", topic(), "list");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err()).isEmpty();
  }

  @Test
  void subscriptionsFindKafkaByTheSettingsFile() throws IOException {
    Path settings = Files.writeString(dir.resolve("settings.yaml"),
        "kafka:\n  bootstrap-servers: " + KAFKA.bootstrapServers() + "\n");

    CliResult result = run("subscriptions", "--config", settings.toString(), "--topic", topic(), "list");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err()).isEmpty();
  }

  @Test
  void subscriptionsStillReadTheFormerVariableAndSayWhatReplacesIt() {
    CliResult result = CliResult.run(Map.of("LEARNSTREAM_KAFKA_BOOTSTRAP", KAFKA.bootstrapServers()),
        "subscriptions", "--topic", topic(), "list");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err().strip()).isEqualTo("learnstream subscriptions: LEARNSTREAM_KAFKA_BOOTSTRAP is deprecated "
        + "and goes in the next release; use LEARNSTREAM_KAFKA_BOOTSTRAP_SERVERS");
  }

  @Test
  void sendWritesToKafkaByTheKafkaFlagWithoutAWarning() throws IOException {
    CliResult result = run("send", statements().toString(), "--kafka", KAFKA.bootstrapServers(), "--topic", topic());

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("1 accepted");
    assertThat(result.err()).doesNotContain("deprecated");
    assertThat(KAFKA.readAll(lastTopic, 1, Duration.ofSeconds(30))).hasSize(1);
  }

  @Test
  void sendStillTakesTheFormerToKafkaFlagAndSaysWhatReplacesIt() throws IOException {
    CliResult result = run("send", statements().toString(), "--to-kafka", KAFKA.bootstrapServers(),
        "--topic", topic());

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err())
        .contains("learnstream send: --to-kafka is deprecated and goes in the next release; use --kafka");
    assertThat(KAFKA.readAll(lastTopic, 1, Duration.ofSeconds(30))).hasSize(1);
  }

  private String lastTopic;

  private String topic() {
    lastTopic = "names-" + System.nanoTime();
    KAFKA.createTopic(lastTopic, 1, Map.of());
    return lastTopic;
  }

  private Path statements() throws IOException {
    return Files.writeString(dir.resolve("statements.ndjson"), "{\"actor\":{\"mbox\":\"mailto:a@example.org\"},"
        + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},\"object\":{\"id\":\"https://x.example/q1\"}}\n");
  }

  private static CliResult run(String... args) {
    return CliResult.run(Map.of(), args);
  }
}
