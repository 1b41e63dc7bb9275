package org.learnstream.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * One probe: posts a statement about an activity of its own, then asks {@code GET /statements?activity=} until the
 * statement is in the answer. The query goes to the server that accepted the statement, which answers from ClickHouse
 * merged with the statements it accepted that have not landed yet, as an LMS reading back what it sent sees it.
 */
public final class ReadAfterWriteProbe {

  /** Pause between two reads of one probe: the resolution of the measured delay. */
  private static final Duration POLL_EVERY = Duration.ofMillis(50);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI statements;
  private final String authorization;
  private final Duration giveUpAfter;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** @param xapiBase the xAPI base URL, e.g. {@code http://127.0.0.1:8080/xapi/} */
  public ReadAfterWriteProbe(URI xapiBase, String user, String secret, Duration giveUpAfter) {
    this.statements = xapiBase.resolve("statements");
    this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret)
        .getBytes(StandardCharsets.UTF_8));
    this.giveUpAfter = giveUpAfter;
  }

  /** Milliseconds from the 200 of one new statement until a query returns it. */
  public long measureOnce() throws IOException, InterruptedException {
    String id = UUID.randomUUID().toString();
    String activity = "https://learnstream.org/bench/read-after-write/" + id;
    String statement = "{\"id\":\"" + id + "\",\"actor\":{\"mbox\":\"mailto:probe@bench.learnstream.org\"},"
        + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/experienced\"},\"object\":{\"id\":\"" + activity
        + "\"},\"timestamp\":\"" + Instant.now() + "\"}";
    HttpResponse<String> posted = http.send(request(statements).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(statement)).build(), HttpResponse.BodyHandlers.ofString());
    long accepted = System.nanoTime();
    if (posted.statusCode() != 200) {
      throw new IllegalStateException("the probe statement got " + posted.statusCode() + ": " + posted.body());
    }
    URI query = URI.create(statements + "?activity=" + URLEncoder.encode(activity, StandardCharsets.UTF_8));
    long deadline = accepted + giveUpAfter.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> read = http.send(request(query).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (read.statusCode() == 200 && returns(read.body(), id)) {
        return (System.nanoTime() - accepted) / 1_000_000;
      }
      Thread.sleep(POLL_EVERY.toMillis()); // pace of the reads: the condition is the query's answer
    }
    throw new IllegalStateException("probe statement " + id + " was not readable " + giveUpAfter.toSeconds()
        + " s after its 200");
  }

  private HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Authorization", authorization)
        .header("X-Experience-API-Version", "1.0.3");
  }

  private static boolean returns(String body, String id) throws IOException {
    for (JsonNode statement : JSON.readTree(body).path("statements")) {
      if (id.equals(statement.path("id").asText())) {
        return true;
      }
    }
    return false;
  }
}
