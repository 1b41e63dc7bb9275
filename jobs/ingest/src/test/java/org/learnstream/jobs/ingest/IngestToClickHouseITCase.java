package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.pipeline.TestPipelineRuns;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.jobs.testing.EndToEndTestBase;

/** Statements posted over HTTP travel through Kafka and the running pipeline into ClickHouse and can be read back. */
class IngestToClickHouseITCase extends EndToEndTestBase {

  private static final Duration LANDING = Duration.ofSeconds(90);
  private static final String DEMO = "Basic "
      + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));

  @Test
  void postedStatementsLandInClickHouseAndCanBeReadBackThroughTheEndpoint() throws Exception {
    String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "i");
    JobClient job = TestPipelineRuns.startLive(KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), prefix,
        "ingest-to-clickhouse");
    KafkaPublisherSettings kafka = new KafkaPublisherSettings(KAFKA.bootstrapServers(), prefix + Topics.XAPI_STATEMENTS,
        prefix + "ingest", 2, Duration.ofSeconds(10), Duration.ofSeconds(20), java.util.Map.of());
    try (IngestServer server = IngestServer.start(
        IngestServerSettings.local(0, KAFKA.bootstrapServers()).withKafka(kafka),
        new ClickHouseStatementStore(CLICKHOUSE.client(), CLICKHOUSE.database()))) {
      String first = UUID.randomUUID().toString();
      String second = UUID.randomUUID().toString();
      String batch = "[" + StatementBatchPreparerTest.statement("ana@school.example", "answered").replaceFirst("\\{",
          "{\"id\":\"" + first + "\",") + ","
          + StatementBatchPreparerTest.statement("bo@school.example", "answered")
              .replaceFirst("\\{", "{\"id\":\"" + second + "\",")
          + "]";

      var posted = IngestServerHttpTest.call(server, "POST", "statements", DEMO, batch);
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
      assertThat(posted.body()).contains(first, second);

      awaitRows("SELECT count() FROM " + CLICKHOUSE.table("learning_events") + " FINAL WHERE tenant = 'demo'", 2);
      var read = IngestServerHttpTest.call(server, "GET", "statements?statementId=" + second, DEMO, null);
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(new ObjectMapper().readTree(read.body()).path("id").asText()).isEqualTo(second);

      var repeated = IngestServerHttpTest.call(server, "POST", "statements", DEMO, batch);
      assertThat(repeated.statusCode()).as("re-posting the same statements is accepted").isEqualTo(200);
    } finally {
      job.cancel().get();
    }
    assertThat(ClickHouseQueries.scalarLong(CLICKHOUSE.client(),
        "SELECT count() FROM " + CLICKHOUSE.table("learning_events") + " FINAL WHERE tenant = 'demo'")).isEqualTo(2);
  }

  /** Polls until the query returns at least {@code expected}; the pipeline commits on checkpoints. */
  private static void awaitRows(String countSql, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + LANDING.toNanos();
    long seen = 0;
    while (System.nanoTime() < deadline) {
      seen = ClickHouseQueries.scalarLong(CLICKHOUSE.client(), countSql);
      if (seen >= expected) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("expected " + expected + " rows within " + LANDING + ", saw " + seen + ": " + countSql);
  }
}
