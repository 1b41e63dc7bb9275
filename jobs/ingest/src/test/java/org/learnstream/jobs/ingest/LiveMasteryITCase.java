package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.pipeline.PipelineJob;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.pipeline.TestPipelineRuns;
import org.learnstream.jobs.testing.EndToEndTestBase;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.kafka.Topics;

/**
 * A class at 8 a.m. on {@code serve}: answers posted to the endpoint reach mastery within seconds on a quiet
 * pipeline, and a device whose clock runs ahead changes nothing for the other learners.
 */
class LiveMasteryITCase extends EndToEndTestBase {

  private static final Duration LANDING = Duration.ofSeconds(90);
  /** The documented bound for one answer on an idle pipeline: clickhouse.max-delay (1 s) plus processing. */
  private static final Duration IDLE_BOUND = Duration.ofSeconds(3);
  private static final String DEMO = "Basic "
      + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));

  @Test
  void aFastClockLeavesFortyOrdinaryLearnersOnTimeAndIsOrderedWithinItsOwnAnswers() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<String> ahead = ids(3);
    List<String> ordinary = ids(40);
    String fastLearnerRightClock = UUID.randomUUID().toString();
    // partitions without traffic soon stop holding back the watermark, as a quiet school's do after
    // pipeline.source-idleness: the fast clock's partition alone then carries event time 14 minutes ahead
    try (Live live = Live.start("c", config -> config.set(PipelineOptions.SOURCE_IDLENESS, Duration.ofSeconds(1)))) {
      live.post("[" + ahead.stream().map(id -> answer(id, "fast", "quiz-1", true, now.plus(Duration.ofMinutes(14))))
          .collect(Collectors.joining(",")) + "]");
      awaitCount(live.table("learning_events") + " WHERE statement_id IN ('" + String.join("','", ahead) + "')", 3);
      for (int i = 0; i < ordinary.size(); i++) {
        live.post(answer(ordinary.get(i), "learner" + i, "quiz-1", i % 3 != 0, null));
      }
      live.post(answer(fastLearnerRightClock, "fast", "quiz-1", false, null));

      List<String> all = new ArrayList<>(ahead);
      all.addAll(ordinary);
      all.add(fastLearnerRightClock);
      String these = " FINAL WHERE statement_id IN ('" + String.join("','", all) + "')";
      awaitCount(live.table("mastery_updates") + these, all.size());
      Map<String, Long> sequences = sequences(live.table("mastery_updates") + these);
      assertThat(count(live.table("late_events") + " WHERE tenant = 'demo'")).isZero();
      assertThat(count(live.table("dead_letters") + " WHERE tenant = 'demo'")).isZero();
      for (String id : ordinary) {
        assertThat(sequences.get(id)).as("ordinary answer %s", id).isEqualTo(1L);
      }
      // the fast-clock learner: its answer from a right clock comes first, the three dated ahead after it
      assertThat(sequences.get(fastLearnerRightClock)).isEqualTo(1L);
      assertThat(ahead.stream().map(sequences::get)).containsExactlyInAnyOrder(2L, 3L, 4L);
      assertThat(ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT max(event_time_ms) FROM "
          + live.table("mastery_updates") + these))
          .as("the answers dated ahead keep their own time").isEqualTo(now.plus(Duration.ofMinutes(14)).toEpochMilli());
    }
  }

  @Test
  void oneAnswerOnAnIdlePipelineReachesMasteryWithinTheDocumentedBound() throws Exception {
    // the default checkpoint interval: rows must not wait for a checkpoint
    try (Live live = Live.start("q", config -> config.set(PipelineOptions.CHECKPOINT_INTERVAL,
        PipelineOptions.CHECKPOINT_INTERVAL.defaultValue()))) {
      String warmUp = UUID.randomUUID().toString();
      live.post(answer(warmUp, "early-bird", "quiz-1", true, null));
      awaitCount(live.table("mastery_updates") + " WHERE statement_id = '" + warmUp + "'", 1);

      List<Duration> latencies = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String id = UUID.randomUUID().toString();
        live.post(answer(id, "student" + i, "quiz-2", i % 2 == 0, null));
        long accepted = System.nanoTime();
        awaitCount(live.table("mastery_updates") + " WHERE statement_id = '" + id + "'", 1);
        latencies.add(Duration.ofNanos(System.nanoTime() - accepted));
      }
      System.out.println("idle pipeline, 200 -> mastery row: " + latencies);
      assertThat(latencies).as("from 200 to the mastery row, one answer at a time: %s", latencies).allSatisfy(
          latency -> assertThat(latency).isLessThan(IDLE_BOUND));
    }
  }

  private static Map<String, Long> sequences(String fromWhere) {
    return ClickHouseQueries.rows(CLICKHOUSE.client(), "SELECT statement_id, sequence FROM " + fromWhere
        + " FORMAT JSONEachRow").stream()
        .collect(Collectors.toMap(r -> (String) r.get("statement_id"), r -> ((Number) r.get("sequence")).longValue()));
  }

  private static List<String> ids(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(UUID.randomUUID().toString());
    }
    return ids;
  }

  /** An answer; without {@code timestamp} the endpoint stamps its own time. */
  private static String answer(String id, String learner, String activity, boolean correct, Instant timestamp) {
    return """
        {"id":"%s","actor":{"mbox":"mailto:%s@school.example"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/answered"},
         "object":{"id":"https://example.org/activities/%s"},"result":{"success":%b}%s}""".formatted(id, learner,
        activity, correct, timestamp == null ? "" : ",\"timestamp\":\"" + timestamp + "\"");
  }

  private static long count(String fromWhere) {
    return ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM " + fromWhere);
  }

  /** Polls until the count reaches {@code expected}, for at most {@link #LANDING}. */
  static void awaitCount(String fromWhere, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + LANDING.toNanos();
    long seen = 0;
    while (System.nanoTime() < deadline) {
      seen = count(fromWhere);
      if (seen >= expected) {
        return;
      }
      Thread.sleep(20);
    }
    String from = fromWhere.length() > 120 ? fromWhere.substring(0, 120) + "..." : fromWhere;
    throw new AssertionError("expected " + expected + " rows within " + LANDING + ", saw " + seen + ": " + from);
  }

  /** The endpoint and the unbounded pipeline on fresh topics, as {@code serve} runs them. */
  private record Live(JobClient job, IngestServer server) implements AutoCloseable {

    static Live start(String letter, java.util.function.Consumer<Configuration> adjust) throws Exception {
      String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), letter);
      Configuration config = TestPipelineRuns.settings(prefix);
      adjust.accept(config);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      PipelineJob.configure(env, config);
      PipelineJob.wire(env, config, KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), false);
      JobClient job = env.executeAsync("live-mastery-" + letter);
      KafkaPublisherSettings kafka = new KafkaPublisherSettings(KAFKA.bootstrapServers(),
          prefix + Topics.XAPI_STATEMENTS, prefix + "ingest", 2, Duration.ofSeconds(10), Duration.ofSeconds(20),
          Map.of());
      try {
        return new Live(job,
            IngestServer.start(IngestServerSettings.local(0, KAFKA.bootstrapServers()).withKafka(kafka),
                new ClickHouseStatementStore(CLICKHOUSE.client(), CLICKHOUSE.database())));
      } catch (Exception e) {
        job.cancel().get();
        throw e;
      }
    }

    void post(String body) throws Exception {
      var response = IngestServerHttpTest.call(server, "POST", "statements", DEMO, body);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    String table(String name) {
      return CLICKHOUSE.table(name);
    }

    @Override
    public void close() throws Exception {
      try {
        server.close();
      } finally {
        job.cancel().get();
      }
    }
  }
}
