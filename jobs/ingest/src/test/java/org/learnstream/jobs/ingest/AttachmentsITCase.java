package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.ingest.documents.DocumentDatabase;
import org.learnstream.jobs.ingest.documents.DocumentLimits;
import org.learnstream.jobs.ingest.documents.DocumentResources;
import org.learnstream.jobs.pipeline.TestPipelineRuns;
import org.learnstream.jobs.testing.EndToEndTestBase;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.kafka.Topics;

/**
 * A statement posted with its attachment in multipart/mixed lands through Kafka and the pipeline in ClickHouse, and
 * GET with attachments=true returns it with the same bytes, read from the document database.
 */
class AttachmentsITCase extends EndToEndTestBase {

  private static final Duration LANDING = Duration.ofSeconds(90);
  private static final String DEMO = "Basic " + Base64.getEncoder().encodeToString(
      "demo:demo".getBytes(StandardCharsets.UTF_8));
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void aStatementPostedWithAnAttachmentIsReadBackWithTheSameBytes(@TempDir Path documentsDir) throws Exception {
    String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "att");
    JobClient job = TestPipelineRuns.startLive(KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), prefix,
        "attachments");
    KafkaPublisherSettings kafka = new KafkaPublisherSettings(KAFKA.bootstrapServers(),
        prefix + Topics.XAPI_STATEMENTS, prefix + "ingest", 2, Duration.ofSeconds(10), Duration.ofSeconds(20),
        Map.of());
    try (DocumentResources documents = new DocumentResources(DocumentDatabase.embedded(documentsDir, 2),
        TenantCredentials.developmentDefault(), new DocumentLimits(4096));
        IngestServer server = IngestServer.start(IngestServerSettings.local(0, KAFKA.bootstrapServers())
            .withKafka(kafka), new ClickHouseStatementStore(CLICKHOUSE.client(), CLICKHOUSE.database()), documents,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      byte[] content = everyByteValue();
      String sha2 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
      String id = UUID.randomUUID().toString();
      String statement = StatementBatchPreparerTest.statement("ana@school.example", "answered").replaceFirst("\\{",
          "{\"id\":\"" + id + "\",\"attachments\":[{\"usageType\":\"http://example.com/usage/scan\","
              + "\"display\":{\"en-US\":\"scan\"},\"contentType\":\"application/octet-stream\",\"length\":"
              + content.length + ",\"sha2\":\"" + sha2 + "\"}],");

      HttpResponse<String> posted = HTTP.send(request(server, "statements")
          .header("Content-Type", "multipart/mixed; boundary=part-boundary")
          .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(statement, sha2, content))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);

      awaitRows("SELECT count() FROM " + CLICKHOUSE.table("learning_events") + " FINAL WHERE tenant = 'demo' "
          + "AND statement_id = '" + id + "'");
      HttpResponse<byte[]> single = HTTP.send(request(server, "statements?attachments=true&statementId=" + id)
          .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<byte[]> query = HTTP.send(request(server, "statements?attachments=true").GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());

      assertThat(single.statusCode()).isEqualTo(200);
      Map<String, byte[]> singleParts = parts(single);
      assertThat(new ObjectMapper().readTree(singleParts.get("json")).path("id").asText()).isEqualTo(id);
      assertThat(singleParts.get(sha2)).isEqualTo(content);
      assertThat(query.statusCode()).isEqualTo(200);
      Map<String, byte[]> queryParts = parts(query);
      JsonNode page = new ObjectMapper().readTree(queryParts.get("json"));
      assertThat(page.path("statements").findValuesAsText("id")).contains(id);
      assertThat(queryParts.get(sha2)).isEqualTo(content);
    } finally {
      job.cancel().get();
    }
  }

  /** 0..255 twice, CR and LF among them: content that is neither text nor free of line ends. */
  private static byte[] everyByteValue() {
    byte[] content = new byte[512];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) i;
    }
    return content;
  }

  private static byte[] multipart(String statement, String sha2, byte[] content) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--part-boundary\r\nContent-Type: application/json\r\n\r\n" + statement + "\r\n"
        + "--part-boundary\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n"
        + "X-Experience-API-Hash: " + sha2 + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes("\r\n--part-boundary--\r\n".getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }

  private static HttpRequest.Builder request(IngestServer server, String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery)).timeout(Duration.ofSeconds(30))
        .header("X-Experience-API-Version", "1.0.3").header("Authorization", DEMO);
  }

  /** The parts of a multipart/mixed answer: the first under "json", the others under their hash header. */
  private static Map<String, byte[]> parts(HttpResponse<byte[]> response) {
    String type = response.headers().firstValue("Content-Type").orElse("");
    assertThat(type).startsWith("multipart/mixed; boundary=");
    String delimiter = "\r\n--" + type.substring(type.indexOf("boundary=") + "boundary=".length());
    // ISO-8859-1 keeps every byte as one char, so binary parts come back unchanged
    String text = "\r\n" + new String(response.body(), StandardCharsets.ISO_8859_1);
    Map<String, byte[]> parts = new java.util.HashMap<>();
    String[] pieces = text.split(java.util.regex.Pattern.quote(delimiter));
    for (int i = 1; i < pieces.length && !pieces[i].startsWith("--"); i++) {
      int blank = pieces[i].indexOf("\r\n\r\n");
      String headers = pieces[i].substring(0, blank);
      byte[] content = pieces[i].substring(blank + 4).getBytes(StandardCharsets.ISO_8859_1);
      String hash = headers.lines().filter(l -> l.startsWith("X-Experience-API-Hash: ")).findFirst()
          .map(l -> l.substring("X-Experience-API-Hash: ".length())).orElse("json");
      parts.put(hash, content);
    }
    return parts;
  }

  private static void awaitRows(String countSql) throws InterruptedException {
    long deadline = System.nanoTime() + LANDING.toNanos();
    while (System.nanoTime() < deadline) {
      if (ClickHouseQueries.scalarLong(CLICKHOUSE.client(), countSql) >= 1) {
        return;
      }
      Thread.sleep(200); // a poll interval: the loop waits on the condition, bounded by LANDING
    }
    throw new AssertionError("the statement did not land within " + LANDING + ": " + countSql);
  }
}
