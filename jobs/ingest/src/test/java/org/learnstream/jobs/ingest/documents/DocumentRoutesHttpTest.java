package org.learnstream.jobs.ingest.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.jobs.ingest.IngestServer;
import org.learnstream.jobs.ingest.IngestServerSettings;
import org.learnstream.jobs.ingest.KafkaPublisherSettings;
import org.learnstream.jobs.ingest.StatementStore;
import org.learnstream.jobs.ingest.TenantCredentials;
import org.learnstream.pipeline.testing.KafkaExtension;

/** The document, Agents and Activities routes of the endpoint over real HTTP, with statements going to a real broker. */
class DocumentRoutesHttpTest {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String DEMO = "Basic " + Base64.getEncoder().encodeToString(
      "demo:demo".getBytes(StandardCharsets.UTF_8));
  private static final String STATE = "activities/state?activityId=" + encode("https://school.example/course/1")
      + "&agent=" + encode("{\"mbox\":\"mailto:ana@school.example\"}") + "&stateId=";

  private static Path databaseDir;
  private static DocumentResources documents;
  private static IngestServer server;

  @BeforeAll
  static void startServer() throws Exception {
    databaseDir = Files.createTempDirectory("documents-http-test-");
    documents = new DocumentResources(DocumentDatabase.embedded(databaseDir, 2),
        TenantCredentials.developmentDefault(), new DocumentLimits(2048));
    KafkaPublisherSettings kafka = new KafkaPublisherSettings(KAFKA.bootstrapServers(),
        KAFKA.uniqueTopic("xapi.statements", 1), "documents-http-test-" + UUID.randomUUID(), 2,
        Duration.ofSeconds(10), Duration.ofSeconds(20), Map.of());
    server = IngestServer.start(IngestServerSettings.local(0, KAFKA.bootstrapServers()).withKafka(kafka),
        StatementStore.NONE, documents, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
    if (documents != null) {
      documents.close();
    }
    try (var paths = Files.walk(databaseDir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> call(String method, String pathAndQuery, String contentType, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .header("X-Experience-API-Version", "1.0.3")
        .header("Authorization", DEMO)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aStoredStateIsReadBackWithItsTypeAndHeadAnswersTheSameHeadersWithoutABody() throws Exception {
    assertThat(call("PUT", STATE + "resume", "text/plain", "page 12").statusCode()).isEqualTo(204);

    HttpResponse<String> get = call("GET", STATE + "resume", null, null);
    HttpResponse<String> head = call("HEAD", STATE + "resume", null, null);

    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("page 12");
    assertThat(get.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("ETag")).isEqualTo(get.headers().firstValue("ETag"));
  }

  @Test
  void aDocumentOverTheLimitIsRefusedWith413AndNotStored() throws Exception {
    HttpResponse<String> refused = call("PUT", STATE + "big", "text/plain", "x".repeat(3000));

    assertThat(refused.statusCode()).isEqualTo(413);
    assertThat(refused.body()).contains("document.too-large");
    assertThat(call("GET", STATE + "big", null, null).statusCode()).isEqualTo(404);
  }

  @Test
  void anActivityDefinedInAStatementIsReadableFromTheActivitiesResourceRightAfterTheAnswer() throws Exception {
    String activity = "https://school.example/quiz/" + UUID.randomUUID();
    String statement = answered(activity, "{\"name\":{\"en-US\":\"Fractions quiz\"}}");
    assertThat(call("POST", "statements", "application/json", statement).statusCode()).isEqualTo(200);

    HttpResponse<String> read = call("GET", "activities?activityId=" + encode(activity), null, null);

    JsonNode body = JSON.readTree(read.body());
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(body.path("objectType").asText()).isEqualTo("Activity");
    assertThat(body.path("definition").path("name").path("en-US").asText()).isEqualTo("Fractions quiz");
  }

  @Test
  void aChangedDefinitionOfAnActivityIsMergedAfterTheSameOneWasSentTwice() throws Exception {
    String activity = "https://school.example/quiz/" + UUID.randomUUID();
    String english = answered(activity, "{\"name\":{\"en-US\":\"Fractions quiz\"}}");
    String french = answered(activity, "{\"name\":{\"fr\":\"Quiz des fractions\"}}");
    for (String statement : new String[] {english, english, french}) {
      assertThat(call("POST", "statements", "application/json", statement).statusCode()).isEqualTo(200);
    }

    JsonNode name = JSON.readTree(call("GET", "activities?activityId=" + encode(activity), null, null).body())
        .path("definition").path("name");

    assertThat(name.path("en-US").asText()).isEqualTo("Fractions quiz");
    assertThat(name.path("fr").asText()).isEqualTo("Quiz des fractions");
  }

  /** A statement of Ana answering {@code activity}, which it defines as {@code definition}. */
  private static String answered(String activity, String definition) {
    return "{\"actor\":{\"mbox\":\"mailto:ana@school.example\"},"
        + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},"
        + "\"object\":{\"id\":\"" + activity + "\",\"definition\":" + definition + "}}";
  }

  @Test
  void aFormPostInTheAlternateSyntaxStandsForThePutAndGetItNames() throws Exception {
    String state = STATE.substring(0, STATE.indexOf('?'));
    String parameters = STATE.substring(STATE.indexOf('?') + 1) + "form";
    String put = parameters + "&Authorization=" + encode(DEMO) + "&X-Experience-API-Version=1.0.3"
        + "&Content-Type=" + encode("application/json") + "&content=" + encode("{\"page\":3}");

    HttpResponse<String> stored = callWithoutAuth("POST", state + "?method=PUT", put);
    HttpResponse<String> read = callWithoutAuth("POST", state + "?method=GET", parameters
        + "&Authorization=" + encode(DEMO) + "&X-Experience-API-Version=1.0.3");
    HttpResponse<String> withQuery = callWithoutAuth("POST", state + "?method=GET&stateId=form", parameters
        + "&Authorization=" + encode(DEMO) + "&X-Experience-API-Version=1.0.3");

    assertThat(stored.statusCode()).isEqualTo(204);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(read.body())).isEqualTo(JSON.readTree("{\"page\":3}"));
    assertThat(withQuery.statusCode()).isEqualTo(400);
    assertThat(withQuery.body()).contains("method.alternate-syntax");
  }

  private static HttpResponse<String> callWithoutAuth(String method, String pathAndQuery, String form)
      throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .method(method, HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theAgentsResourceAnswersAPersonWithTheAgentsIdentifierAsAList() throws Exception {
    HttpResponse<String> read = call("GET", "agents?agent=" + encode(
        "{\"name\":\"Ana\",\"mbox\":\"mailto:ana@school.example\"}"), null, null);

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(read.body())).isEqualTo(JSON.readTree(
        "{\"objectType\":\"Person\",\"name\":[\"Ana\"],\"mbox\":[\"mailto:ana@school.example\"]}"));
  }
}
