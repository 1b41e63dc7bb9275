package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.pipeline.TestPipelineRuns;
import org.learnstream.jobs.testing.EndToEndTestBase;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;

/**
 * Read-after-write for queries on real components (a Kafka broker, ClickHouse, the pipeline on a Flink
 * MiniCluster): the statements a server answered 200 for are in its query pages before the pipeline has written them,
 * in order, paged and voided as they will be, and each is there once after they have landed.
 */
class QueriesReadTheirWritesITCase extends EndToEndTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LANDING = Duration.ofMinutes(3);

  @Test
  void statementsAnsweredTwoHundredAreInTheQueriesAtOnceAndOnceAfterTheyHaveLanded() throws Exception {
    String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "q");
    String activity = "http://example.org/read-after-write/" + UUID.randomUUID();
    try (IngestServer server = AcceptedStatementsLandITCase.startServer(prefix)) {
      List<String> answered = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        answered.add(post(server, "http://adlnet.gov/expapi/verbs/answered",
            "{\"objectType\":\"Activity\",\"id\":\"" + activity + "\"}"));
      }
      String voiding = post(server, "http://adlnet.gov/expapi/verbs/voided",
          "{\"objectType\":\"StatementRef\",\"id\":\"" + answered.get(0) + "\"}");
      List<String> expected = List.of(answered.get(2), answered.get(1));

      // the pipeline is not running yet: nothing has landed, the pages come from what this server accepted
      assertThat(landed(answered)).isZero();
      assertThat(pages(server, activity)).containsExactlyElementsOf(expected);

      JobClient job = TestPipelineRuns.startLive(KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), prefix,
          "queries-read-their-writes");
      try {
        List<String> all = new ArrayList<>(answered);
        all.add(voiding);
        long deadline = System.nanoTime() + LANDING.toNanos();
        while (landed(all) < all.size() && System.nanoTime() < deadline) {
          Thread.sleep(200); // polls the condition until the deadline
        }
        assertThat(landed(all)).as("statements landed in statement_timeline").isEqualTo(all.size());
        long kept = System.nanoTime() + ReadableThrough.KEPT_AFTER_LANDING.toNanos() + 1_000_000_000L;
        while (System.nanoTime() < kept) {
          assertThat(pages(server, activity)).containsExactlyElementsOf(expected);
          Thread.sleep(500); // pages read while the server still holds the landed statements, and after
        }
        assertThat(pages(server, activity)).containsExactlyElementsOf(expected);
      } finally {
        job.cancel().get();
      }
    }
  }

  /** Posts one statement of a fixed learner; its id. */
  private static String post(IngestServer server, String verb, String object) throws Exception {
    String id = UUID.randomUUID().toString();
    HttpResponse<String> answer = IngestServerHttpTest.call(server, "POST", "statements", IngestServerHttpTest.DEMO,
        "{\"id\":\"" + id + "\",\"actor\":{\"objectType\":\"Agent\",\"mbox\":\"mailto:ana@example.org\"},"
            + "\"verb\":{\"id\":\"" + verb + "\"},\"object\":" + object + "}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return id;
  }

  /** The ids of every page of the activity's statements, one per page, following the more links. */
  private static List<String> pages(IngestServer server, String activity) throws Exception {
    List<String> ids = new ArrayList<>();
    String next = "statements?limit=1&activity=" + URLEncoder.encode(activity, StandardCharsets.UTF_8);
    for (int page = 0; page < 10 && !next.isEmpty(); page++) {
      HttpResponse<String> answer = IngestServerHttpTest.call(server, "GET", next, IngestServerHttpTest.DEMO, null);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(answer.body());
      body.path("statements").forEach(s -> ids.add(s.path("id").asText()));
      String more = body.path("more").asText();
      next = more.isEmpty() ? "" : more.substring("/xapi/".length());
    }
    return ids;
  }

  private static long landed(List<String> ids) {
    return ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT uniqExact(statement_id) FROM "
        + CLICKHOUSE.table("statement_timeline") + " WHERE statement_id IN ("
        + String.join(",", ids.stream().map(ClickHouseQueries::quote).toList()) + ")");
  }
}
