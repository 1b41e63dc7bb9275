package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.KafkaExtension;

/** The endpoint over real HTTP, writing to a real broker. */
class IngestServerHttpTest {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String DEMO = basic("demo", "demo");
  private static final Duration READ = Duration.ofSeconds(30);

  private static IngestServer server;
  private static String topic;

  @BeforeAll
  static void startServer() {
    topic = KAFKA.uniqueTopic("xapi.statements", 3);
    KafkaPublisherSettings kafka = new KafkaPublisherSettings(KAFKA.bootstrapServers(), topic,
        "ingest-http-test-" + UUID.randomUUID(), 2, Duration.ofSeconds(10), Duration.ofSeconds(20), java.util.Map.of());
    server = IngestServer.start(IngestServerSettings.local(0, KAFKA.bootstrapServers()).withKafka(kafka)
        .withLimits(new IngestLimits(64 * 1024, 50)), StatementStore.NONE);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private static String basic(String user, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  static HttpResponse<String> call(IngestServer target, String method, String pathAndQuery, String auth, String body)
      throws Exception {
    return call(target, method, pathAndQuery, auth, "1.0.3", body);
  }

  static HttpResponse<String> call(IngestServer target, String method, String pathAndQuery, String auth,
      String version, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target.baseUrl() + pathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .header("X-Experience-API-Version", version)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String body) throws Exception {
    return call(server, "POST", "statements", DEMO, body);
  }

  private static String statement(String email, String verb) {
    return StatementBatchPreparerTest.statement(email, verb);
  }

  private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
  }

  @Test
  void acceptsABatchAndWritesEachStatementKeyedByTenantAndActor() throws Exception {
    String email = "batch-" + UUID.randomUUID() + "@example.com";
    HttpResponse<String> r = post("[" + statement(email, "answered") + "," + statement(email, "completed") + ","
        + statement(email, "passed") + "]");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Experience-API-Version")).hasValue("1.0.3");
    JsonNode ids = JSON.readTree(r.body());
    assertThat(ids).hasSize(3);
    awaitValueContaining(email, 3);
    List<ConsumerRecord<byte[], byte[]>> mine = KAFKA.readAll(topic, Integer.MAX_VALUE, Duration.ofSeconds(2)).stream()
        .filter(rec -> new String(rec.value(), StandardCharsets.UTF_8).contains(email)).toList();
    assertThat(mine).extracting(rec -> new String(rec.key(), StandardCharsets.UTF_8))
        .containsOnly("demo|mbox:mailto:" + email).hasSize(3);
    assertThat(values(mine).stream().map(v -> readTree(v).get("id").asText()))
        .containsExactly(ids.get(0).asText(), ids.get(1).asText(), ids.get(2).asText());
  }

  @Test
  void headAnswersAsGetWouldWithHeadersOnly() throws Exception {
    HttpResponse<String> head = call(server, "HEAD", "statements?statementId=" + UUID.randomUUID(), DEMO, null);
    HttpResponse<String> get = call(server, "GET", "statements?statementId=" + UUID.randomUUID(), DEMO, null);
    assertThat(head.statusCode()).isEqualTo(get.statusCode()).isEqualTo(404);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("X-Experience-API-Consistent-Through")).isPresent();
    assertThat(call(server, "HEAD", "statements?verb=http%3A%2F%2Fv%2Fx", DEMO, null).statusCode()).isEqualTo(200);
  }

  @Test
  void refusesAWrongCredentialWith401AndWritesNothing() throws Exception {
    String intruder = "intruder-" + UUID.randomUUID() + "@example.com";
    String marker = "marker-" + UUID.randomUUID() + "@example.com";

    HttpResponse<String> r = call(server, "POST", "statements", basic("demo", "guess"),
        statement(intruder, "answered"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(call(server, "POST", "statements", null, statement(intruder, "answered")).statusCode()).isEqualTo(401);

    // A later accepted statement is on the topic; the refused ones before it are not.
    assertThat(post(statement(marker, "answered")).statusCode()).isEqualTo(200);
    List<String> all = awaitValueContaining(marker);
    assertThat(all).noneMatch(v -> v.contains(intruder));
  }

  @Test
  void refusesAnInvalidStatementWith400AndAJsonBodyNamingPathAndRule() throws Exception {
    String good = statement("a@example.com", "answered");
    String bad = statement("b@example.com", "answered").replace("mailto:b@example.com", "b@example.com");

    HttpResponse<String> r = post("[" + good + "," + good + "," + bad + "]");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).contains("application/json"));
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("error").asText()).isEqualTo("invalid statement");
    assertThat(body.at("/violations/0/path").asText()).startsWith("$[2].actor.mbox");
    assertThat(body.at("/violations/0/rule").asText()).isNotBlank();
    assertThat(body.at("/violations/0/message").asText()).isNotBlank();
  }

  @Test
  void refusesADifferentStatementUnderAnUsedIdWith409AndAcceptsTheSameOneAgain() throws Exception {
    String id = UUID.randomUUID().toString();
    String email = "conflict-" + UUID.randomUUID() + "@example.com";
    String first = statement(email, "answered").replaceFirst("\\{", "{\"id\":\"" + id + "\",");
    String changed = statement(email, "failed").replaceFirst("\\{", "{\"id\":\"" + id + "\",");

    assertThat(call(server, "PUT", "statements?statementId=" + id, DEMO, first).statusCode()).isEqualTo(204);
    assertThat(post(first).statusCode()).isEqualTo(200);
    HttpResponse<String> conflict = post(changed);

    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(conflict.body()).at("/violations/0/rule").asText()).isEqualTo("id.conflict");
    String marker = "marker-" + UUID.randomUUID() + "@example.com";
    assertThat(post(statement(marker, "answered")).statusCode()).isEqualTo(200);
    List<String> all = awaitValueContaining(marker);
    assertThat(all.stream().filter(v -> v.contains(id))).hasSize(1);
  }

  @Test
  void refusesABodyOverTheLimitWith413() throws Exception {
    String padded = "[" + statement("a@example.com", "answered") + "]" + " ".repeat(70 * 1024);

    HttpResponse<String> r = post(padded);

    assertThat(r.statusCode()).isEqualTo(413);
    JsonNode violation = JSON.readTree(r.body()).at("/violations/0");
    assertThat(violation.get("rule").asText()).isEqualTo("body.too-large");
    assertThat(violation.get("message").asText()).contains(padded.length() + " bytes").contains("at most 65536");
  }

  @Test
  void refusesABatchOverTheLimitWith413() throws Exception {
    String one = statement("a@example.com", "answered");
    HttpResponse<String> r = post("[" + String.join(",", java.util.Collections.nCopies(51, one)) + "]");

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(r.body()).at("/violations/0/message").asText()).contains("at most 50");
  }

  @Test
  void answers503WithRetryAfterWhenKafkaIsUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String nowhere = "127.0.0.1:" + closedPort;
    KafkaPublisherSettings kafka = KafkaPublisherSettings.defaults(nowhere)
        .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(1500));
    try (IngestServer down = IngestServer.start(IngestServerSettings.local(0, nowhere).withKafka(kafka),
        StatementStore.NONE)) {
      HttpResponse<String> single = call(down, "POST", "statements", DEMO, statement("a@example.com", "answered"));
      HttpResponse<String> batch = call(down, "POST", "statements", DEMO,
          "[" + statement("a@example.com", "answered") + "," + statement("b@example.com", "answered") + "]");

      for (HttpResponse<String> r : List.of(single, batch)) {
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(r.body()).at("/violations/0/message").asText()).contains(nowhere);
      }
    }
  }

  @Test
  void aboutListsVersionsWithoutCredentials() throws Exception {
    HttpResponse<String> r = call(server, "GET", "about", null, null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("version")).extracting(JsonNode::asText).contains("1.0.3", "2.0.0");
  }

  @Test
  void metricsExposeRequestCountsInPrometheusText() throws Exception {
    post(statement("metrics@example.com", "answered"));

    HttpResponse<String> r = HTTP
        .send(HttpRequest.newBuilder(URI.create(server.baseUrl().resolve("/metrics").toString()))
            .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("learnstream_ingest_requests_total{method=\"POST\",status=\"200\"}")
        .contains("learnstream_ingest_request_seconds_bucket")
        .contains("learnstream_ingest_kafka_send_seconds_count");
  }

  private static List<String> awaitValueContaining(String text) {
    return awaitValueContaining(text, 1);
  }

  /** Reads the topic until {@code count} records contain {@code text}; returns every value read. */
  private static List<String> awaitValueContaining(String text, int count) {
    long deadline = System.nanoTime() + READ.toNanos();
    while (System.nanoTime() < deadline) {
      List<String> all = values(KAFKA.readAll(topic, Integer.MAX_VALUE, Duration.ofSeconds(2)));
      if (all.stream().filter(v -> v.contains(text)).count() >= count) {
        return all;
      }
    }
    throw new AssertionError("no record containing " + text + " arrived on " + topic + " within " + READ);
  }

  private static JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
