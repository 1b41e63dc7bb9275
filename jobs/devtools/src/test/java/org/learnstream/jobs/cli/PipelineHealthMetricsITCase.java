package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.pipeline.testing.KafkaExtension;
import picocli.CommandLine;

/**
 * The Pipeline health dashboard has data: every Prometheus expression of {@code pipeline-health.json} names metrics
 * and labels that a running {@code learnstream serve} (endpoint and pipeline, on a real broker and ClickHouse)
 * exports at {@code /metrics}, after valid, invalid and malformed input went through it.
 */
class PipelineHealthMetricsITCase {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final Path DASHBOARD = Path.of("..", "..", "dashboards", "grafana", "pipeline-health.json");
  private static final Duration DEADLINE = Duration.ofMinutes(3);
  private static final String DEMO = "Basic " + Base64.getEncoder()
      .encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void everyPrometheusQueryOfThePipelineHealthDashboardNamesMetricsAndLabelsThatServeExports(@TempDir Path dir)
      throws Exception {
    List<PromQuery> queries = dashboardQueries();
    assertThat(queries).as("Prometheus expressions in " + DASHBOARD).hasSizeGreaterThanOrEqualTo(8)
        .allSatisfy(q -> assertThat(q.metrics()).as(q.expression()).isNotEmpty());

    String prefix = "m" + UUID.randomUUID().toString().substring(0, 8) + ".";
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("--port", "0", "--instance-id", prefix,
        "--config", settings(dir, prefix).toString());
    StringWriter startup = new StringWriter();
    try (ServeCommand.Serving serving = serve.start(new PrintWriter(startup, true))) {
      String base = serving.server().baseUrl().toString();
      for (String learner : List.of("ana", "bo", "cy")) {
        assertThat(post(base, answer(learner)).statusCode()).isEqualTo(200);
      }
      HttpResponse<String> refused = post(base, "{\"actor\":{\"mbox\":\"mailto:dee@school.example\"}}");
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
      sendMalformedStatementToKafka(prefix);

      PrometheusScrape scrape = awaitScrape("http://127.0.0.1:" + serving.server().port() + "/metrics", queries);

      assertThat(scrape.sum("learnstream_ingest_statements_total", Map.of("outcome", "accepted"))).isEqualTo(3);
      assertThat(scrape.sum("learnstream_ingest_statements_total", Map.of("outcome", "rejected"))).isEqualTo(1);
      assertThat(scrape.sum("learnstream_dead_letters_total", Map.of("origin", "normalise", "rule", "json.syntax")))
          .isEqualTo(1);
      assertThat(scrape.sum("learnstream_clickhouse_sink_rows_total", Map.of("table", "learning_events")))
          .isGreaterThanOrEqualTo(3);
      assertThat(scrape.series()).as("no learner identifier in any name or label")
          .noneMatch(s -> (s.name() + s.labels()).matches("(?s).*(ana|bo|cy|dee|eve)@school.*"));
    }
  }

  /** Polls /metrics until every query resolves and the input above has been counted, or the deadline passes. */
  private static PrometheusScrape awaitScrape(String metricsUrl, List<PromQuery> queries) throws Exception {
    Instant deadline = Instant.now().plus(DEADLINE);
    List<String> missing = List.of();
    while (Instant.now().isBefore(deadline)) {
      PrometheusScrape scrape = PrometheusScrape.parse(HTTP.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      missing = new ArrayList<>();
      for (PromQuery query : queries) {
        for (String name : scrape.unresolved(query)) {
          missing.add(name + " in " + query.expression());
        }
      }
      if (scrape.sum("learnstream_dead_letters_total", Map.of()) < 1) {
        missing.add("the malformed statement counted as a dead letter");
      }
      if (scrape.sum("learnstream_clickhouse_sink_rows_total", Map.of("table", "learning_events")) < 3) {
        missing.add("the three accepted statements counted as rows of learning_events");
      }
      if (missing.isEmpty()) {
        return scrape;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("within " + DEADLINE + " /metrics of serve still lacks: " + String.join("; ", missing));
  }

  private static List<PromQuery> dashboardQueries() throws Exception {
    List<PromQuery> queries = new ArrayList<>();
    collect(new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels"), queries);
    return queries;
  }

  private static void collect(JsonNode panels, List<PromQuery> queries) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        if (target.hasNonNull("expr")) {
          queries.add(PromQuery.parse(target.get("expr").asText(), target.path("legendFormat").asText(null)));
        }
      }
      collect(panel.path("panels"), queries);
    }
  }

  private static Path settings(Path dir, String prefix) throws Exception {
    return ServeTestSettings.write(dir, prefix, KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(),
        "pipeline.restart-attempts: 0");
  }

  private static String answer(String learner) {
    return """
        {"actor":{"mbox":"mailto:%s@school.example"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/answered"},
         "object":{"id":"https://example.org/quiz/1"},"result":{"success":true}}""".formatted(learner);
  }

  private static HttpResponse<String> post(String base, String statement) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + "statements"))
        .header("Authorization", DEMO)
        .header("X-Experience-API-Version", "1.0.3")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(statement)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** What the endpoint would refuse can still reach the topic from other producers: it becomes a dead letter. */
  private static void sendMalformedStatementToKafka(String prefix) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KAFKA.producerProps())) {
      producer.send(new ProducerRecord<>(prefix + Topics.XAPI_STATEMENTS, "demo|mailto:eve@school.example"
          .getBytes(StandardCharsets.UTF_8), "{\"actor\":".getBytes(StandardCharsets.UTF_8))).get();
    }
  }
}
