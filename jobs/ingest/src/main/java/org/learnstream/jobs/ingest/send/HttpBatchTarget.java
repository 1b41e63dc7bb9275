package org.learnstream.jobs.ingest.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.learnstream.pipeline.xapi.Violation;

/** POSTs batches as JSON arrays to {@code BASE/statements} with HTTP Basic credentials. */
public final class HttpBatchTarget implements BatchTarget {

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final URI statements;
  private final String authorization;
  private final String version;

  /**
   * @param baseUrl the xAPI base, e.g. {@code http://127.0.0.1:8080/xapi/}
   * @param secret the Basic password; taken from the environment by the caller, never from arguments
   */
  public HttpBatchTarget(URI baseUrl, String user, String secret, String version) {
    String base = baseUrl.toString().endsWith("/") ? baseUrl.toString() : baseUrl + "/";
    this.statements = URI.create(base + "statements");
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    this.version = version;
  }

  @Override
  public Outcome send(List<JsonNode> batch) {
    HttpResponse<byte[]> response;
    try {
      HttpRequest request = HttpRequest.newBuilder(statements)
          .timeout(Duration.ofSeconds(60))
          .header("Authorization", authorization)
          .header("X-Experience-API-Version", version)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(batch)))
          .build();
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      return new Outcome.Unavailable(statements + " unreachable: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome.Fatal("interrupted");
    }
    int status = response.statusCode();
    if (status == 200) {
      return new Outcome.Accepted(batch.size());
    }
    if (status == 503 || status == 502 || status == 504 || status == 429) {
      return new Outcome.Unavailable(statements + " answered " + status);
    }
    if (status == 401) {
      return new Outcome.Fatal(
          statements + " refused the credentials (401); check --user and LEARNSTREAM_XAPI_PASSWORD");
    }
    if (status == 400 || status == 409 || status == 413) {
      return new Outcome.Refused(status, violations(response.body()));
    }
    return new Outcome.Fatal(statements + " answered " + status + ": "
        + new String(response.body(), StandardCharsets.UTF_8));
  }

  private List<Violation> violations(byte[] body) {
    List<Violation> out = new ArrayList<>();
    try {
      for (JsonNode v : json.readTree(body).path("violations")) {
        out.add(new Violation(v.path("path").asText("$"), v.path("rule").asText("unknown"),
            v.path("message").asText("")));
      }
    } catch (IOException e) {
      out.add(new Violation("$", "response.unreadable", "the error body was not JSON"));
    }
    return out;
  }

  @Override
  public void close() {
    // java.net.http.HttpClient on Java 17 has no close; its threads end with the JVM
  }
}
