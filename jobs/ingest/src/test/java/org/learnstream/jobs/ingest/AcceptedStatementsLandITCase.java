package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.pipeline.TestPipelineRuns;
import org.learnstream.jobs.testing.EndToEndTestBase;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.xapi.AdlConformanceCorpus;
import org.learnstream.pipeline.xapi.StatementTimestamps;

/**
 * Nothing answered 200 is lost: valid statements posted with each version header (1.0.3 and 2.0.0) travel through
 * Kafka and the running pipeline into ClickHouse {@code learning_events}, none becomes a dead letter, and each is
 * read back by {@code GET /statements?statementId=} with the version it was accepted with, as soon as the
 * {@code X-Experience-API-Consistent-Through} header every answer carries has passed the last answer. Hand-written statements
 * (2.0's contextAgents and contextGroups among them) always run; with {@code -Dlearnstream.corpus=DIR} every valid
 * statement of ADL's LRS conformance suite is posted with both headers as well.
 */
class AcceptedStatementsLandITCase extends EndToEndTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LANDING = Duration.ofMinutes(3);
  private static final List<String> VERSION_HEADERS = List.of("1.0.3", "2.0.0");

  @Test
  void everyStatementAnsweredTwoHundredLandsAndIsReadableWithItsVersion() throws Exception {
    List<Posting> postings = new ArrayList<>();
    for (String header : VERSION_HEADERS) {
      for (String statement : HandWrittenStatements.forVersion(header)) {
        postings.add(new Posting(header, statement, "hand-written"));
      }
      for (AdlConformanceCorpus.Case c : corpusCases()) {
        postings.add(new Posting(header, c.json(), c.file().getFileName() + ":" + c.line()));
      }
    }

    String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "l");
    JobClient job = TestPipelineRuns.startLive(KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), prefix,
        "accepted-statements-land");
    Map<String, String> versionById = new LinkedHashMap<>();
    List<String> refused = new ArrayList<>();
    List<String> farFuture = new ArrayList<>();
    try (IngestServer server = startServer(prefix)) {
      for (Posting p : postings) {
        String id = UUID.randomUUID().toString();
        String body = p.withId(id);
        // Statements timed beyond pipeline.max-future-skew are a rule of event time, decided apart from the
        // statement format rules this test is about; they are counted and left out.
        if (StatementTimestamps.eventTime(body.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis(),
            PipelineOptions.MAX_FUTURE_SKEW.defaultValue().toMillis()) == StatementTimestamps.NONE) {
          farFuture.add(p.origin());
          continue;
        }
        HttpResponse<String> answer = IngestServerHttpTest.call(server, "POST", "statements",
            IngestServerHttpTest.DEMO, p.header(), body);
        consistentThrough(answer);
        if (answer.statusCode() == 200) {
          versionById.put(id, expectedVersion(p));
        } else {
          refused.add(p.origin() + " with " + p.header() + ": " + answer.statusCode() + " " + answer.body());
        }
      }
      Instant lastAnswer = Instant.now();
      assertThat(refused).as("valid statements refused by the endpoint").isEmpty();
      System.out.printf("posted %d statements, %d answered 200, %d left out for a far-future time %s%n",
          postings.size(), versionById.size(), farFuture.size(), farFuture);

      // No other wait: the header's promise alone says when the statements are readable.
      awaitConsistentThroughPast(server, lastAnswer);
      assertThat(deadLetters()).as("dead letters of statements answered 200").isEmpty();
      assertThat(landedIds()).as("statements answered 200 in learning_events")
          .containsExactlyInAnyOrderElementsOf(versionById.keySet());
      List<String> unreadable = new ArrayList<>();
      for (Map.Entry<String, String> e : versionById.entrySet()) {
        HttpResponse<String> read = IngestServerHttpTest.call(server, "GET", "statements?statementId=" + e.getKey(),
            IngestServerHttpTest.DEMO, null);
        consistentThrough(read);
        String version = read.statusCode() == 200 ? JSON.readTree(read.body()).path("version").asText() : null;
        if (!e.getValue().equals(version)) {
          unreadable.add(e.getKey() + ": " + read.statusCode() + ", version " + version + ", expected "
              + e.getValue());
        }
      }
      assertThat(unreadable).as("statements not read back with their version").isEmpty();
    } finally {
      job.cancel().get();
    }
  }

  /** The header every answer of the statements resource carries. */
  private static Instant consistentThrough(HttpResponse<String> answer) {
    String header = answer.headers().firstValue("X-Experience-API-Consistent-Through").orElse(null);
    assertThat(header).as("X-Experience-API-Consistent-Through of a " + answer.statusCode()).isNotNull();
    return Instant.parse(header);
  }

  /**
   * Polls until the header passes {@code instant}, as ADL's suite waits for it; it then promises that every statement
   * stored before is readable, which the checks that follow hold it to. A dead letter ends the wait: its statement
   * would hold the header back.
   */
  private static void awaitConsistentThroughPast(IngestServer server, Instant instant) throws Exception {
    long deadline = System.nanoTime() + LANDING.toNanos();
    Instant seen = Instant.EPOCH;
    while (System.nanoTime() < deadline) {
      seen = consistentThrough(IngestServerHttpTest.call(server, "GET", "statements?statementId="
          + UUID.randomUUID(), IngestServerHttpTest.DEMO, null));
      if (seen.isAfter(instant) || !deadLetters().isEmpty()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("X-Experience-API-Consistent-Through stayed at " + seen + ", not past " + instant);
  }

  private static List<AdlConformanceCorpus.Case> corpusCases() throws Exception {
    String corpus = System.getProperty("learnstream.corpus", "");
    if (corpus.isBlank()) {
      return List.of();
    }
    return AdlConformanceCorpus.cases(Path.of(corpus).resolve("xapi")).stream()
        .filter(AdlConformanceCorpus.Case::valid).toList();
  }

  /** The statement's own version, else what the endpoint stamps for the request's header. */
  private static String expectedVersion(Posting p) throws Exception {
    JsonNode declared = JSON.readTree(p.statement()).get("version");
    if (declared != null) {
      return declared.asText();
    }
    return p.header().startsWith("2.") ? "2.0.0" : "1.0.0";
  }

  /** A server writing to the topics of {@code prefix} and reading this test's ClickHouse. */
  static IngestServer startServer(String prefix) {
    KafkaPublisherSettings kafka = new KafkaPublisherSettings(KAFKA.bootstrapServers(),
        prefix + Topics.XAPI_STATEMENTS, prefix + "ingest", 2, Duration.ofSeconds(10), Duration.ofSeconds(20),
        Map.of());
    return IngestServer.start(IngestServerSettings.local(0, KAFKA.bootstrapServers()).withKafka(kafka),
        new ClickHouseStatementStore(CLICKHOUSE.client(), CLICKHOUSE.database()));
  }

  private static Set<String> landedIds() {
    Set<String> ids = new HashSet<>();
    for (Map<String, Object> row : ClickHouseQueries.rows(CLICKHOUSE.client(), "SELECT statement_id FROM "
        + CLICKHOUSE.table("learning_events") + " FINAL WHERE tenant = 'demo'")) {
      ids.add((String) row.get("statement_id"));
    }
    return ids;
  }

  /** Every dead letter of this test's database: the pipeline reads only the statements this test posted. */
  private static List<String> deadLetters() {
    return ClickHouseQueries.rows(CLICKHOUSE.client(), "SELECT field, rule, reason FROM "
        + CLICKHOUSE.table("dead_letters")).stream()
        .map(row -> row.get("field") + " " + row.get("rule") + ": " + row.get("reason")).toList();
  }

  /** One statement to post with one version header; {@code origin} names where it comes from. */
  private record Posting(String header, String statement, String origin) {

    /** The statement with a fresh id, so that the same statement can be posted with both headers. */
    String withId(String id) throws Exception {
      ObjectNode tree = (ObjectNode) JSON.readTree(statement);
      tree.put("id", id);
      return JSON.writeValueAsString(tree);
    }
  }
}
