package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.config.ConfigException;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.pipeline.testing.KafkaExtension;
import picocli.CommandLine;

/**
 * {@code learnstream serve} stopped and started again on its data directory goes on with its pipeline's state: the
 * second start resumes from the savepoint the first stop took, so a learner's next answer on a skill counts as their
 * second there (real broker, ClickHouse and the job on Flink's MiniCluster, as serve runs them).
 */
class ServeRestartITCase {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final Duration DEADLINE = Duration.ofMinutes(3);
  private static final String DEMO = "Basic " + Base64.getEncoder()
      .encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void aLearnersAnswerAfterServeStartsAgainCountsOnTheAnswersBeforeIt(@TempDir Path dir) throws Exception {
    String prefix = "r" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Path settings = settings(dir, prefix);
    String first = UUID.randomUUID().toString();
    String second = UUID.randomUUID().toString();

    StringWriter firstStart = new StringWriter();
    try (ServeCommand.Serving serving = serve(settings, prefix).start(new PrintWriter(firstStart, true))) {
      assertThat(post(serving, answer(first, "2026-03-02T09:00:00Z")).statusCode()).isEqualTo(200);
      assertThat(attemptsOf(first)).isEqualTo(1);
      // so that a start without the job's state would not read the first answer again and count it anew
      awaitCommitted(prefix + "pipeline");
    }
    StringWriter secondStart = new StringWriter();
    try (ServeCommand.Serving serving = serve(settings, prefix).start(new PrintWriter(secondStart, true))) {
      assertThat(post(serving, answer(second, "2026-03-02T09:05:00Z")).statusCode()).isEqualTo(200);
      assertThat(attemptsOf(second)).as("the learner's second answer on the skill").isEqualTo(2);
    }

    assertThat(firstStart.toString()).contains("started without a snapshot");
    assertThat(secondStart.toString()).containsPattern("resumed from \\S*savepoint");
  }

  @Test
  void aStartWhoseSettingsDropAnOperatorOfTheSnapshotSaysHowToGoOnAndFreshStartsWithoutIt(@TempDir Path dir)
      throws Exception {
    String prefix = "w" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Path settings = settings(dir, prefix);
    try (ServeCommand.Serving serving = serve(settings, prefix).start(new PrintWriter(new StringWriter(), true))) {
      assertThat(post(serving, answer(UUID.randomUUID().toString(), "2026-03-02T09:00:00Z")).statusCode())
          .isEqualTo(200);
    }
    Path withoutWarnings = Files.writeString(dir.resolve("no-warnings.yaml"), Files.readString(settings)
        + "warning.enabled: false\n");

    assertThatThrownBy(() -> serve(withoutWarnings, prefix).start(new PrintWriter(new StringWriter(), true)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("could not resume from")
        .hasMessageContaining("warning.enabled").hasMessageContaining("--fresh");
    ServeCommand fresh = new ServeCommand();
    new CommandLine(fresh).parseArgs("--port", "0", "--instance-id", prefix, "--config", withoutWarnings.toString(),
        "--fresh");
    StringWriter freshStart = new StringWriter();
    try (ServeCommand.Serving serving = fresh.start(new PrintWriter(freshStart, true))) {
      assertThat(freshStart.toString()).contains("started without a snapshot");
    }
  }

  private static ServeCommand serve(Path settings, String prefix) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("--port", "0", "--instance-id", prefix, "--config", settings.toString());
    return serve;
  }

  /** The attempts on the skill that the mastery update of {@code statementId} counts, once it is in ClickHouse. */
  private static long attemptsOf(String statementId) throws InterruptedException {
    Instant deadline = Instant.now().plus(DEADLINE);
    String query = "SELECT attempts FROM " + CLICKHOUSE.table("mastery_updates") + " WHERE statement_id = "
        + ClickHouseQueries.quote(statementId);
    while (Instant.now().isBefore(deadline)) {
      List<Map<String, Object>> rows = ClickHouseQueries.rows(CLICKHOUSE.client(), query);
      if (!rows.isEmpty()) {
        return ((Number) rows.get(0).get("attempts")).longValue();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no mastery update of statement " + statementId + " within " + DEADLINE);
  }

  /** Until the consumer group {@code group} has committed an offset past the first statement. */
  private static void awaitCommitted(String group) throws Exception {
    Instant deadline = Instant.now().plus(DEADLINE);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      while (Instant.now().isBefore(deadline)) {
        long committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values().stream()
            .filter(Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
        if (committed >= 1) {
          return;
        }
        Thread.sleep(200);
      }
    }
    throw new AssertionError("consumer group " + group + " committed nothing within " + DEADLINE);
  }

  private static String answer(String id, String timestamp) {
    return """
        {"id":"%s","actor":{"mbox":"mailto:ana@school.example"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/answered"},
         "object":{"id":"https://example.org/quiz/1"},"result":{"success":true},"timestamp":"%s"}"""
        .formatted(id, timestamp);
  }

  private static HttpResponse<String> post(ServeCommand.Serving serving, String statement) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(serving.server().baseUrl() + "statements"))
        .header("Authorization", DEMO)
        .header("X-Experience-API-Version", "1.0.3")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(statement)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Path settings(Path dir, String prefix) throws Exception {
    return ServeTestSettings.write(dir, prefix, KAFKA.bootstrapServers(), CLICKHOUSE.endpoint());
  }
}
