package org.learnstream.jobs.pipeline;

import org.learnstream.jobs.settings.PipelineOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.learnstream.jobs.pipeline.TestStatements.MONDAY_9AM;
import static org.learnstream.jobs.pipeline.TestStatements.answered;
import static org.learnstream.jobs.pipeline.TestStatements.voided;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.jobs.testing.EndToEndTestBase;

/**
 * Voiding leaves no trace in mastery. Tenant "clean" receives the answers in event-time order. Tenant "dirty"
 * receives the same answers shuffled within the out-of-orderness, plus wrong answers that are voided and then
 * restated (the restatement is the clean tenant's answer, with a new id): half of the wrong answers are voided
 * while still buffered, the other half after the watermark applied them (the estimate is recomputed). The dirty
 * tenant's rows that are not voided must equal the clean tenant's rows exactly.
 */
class VoidedDeliveryITCase extends EndToEndTestBase {

  private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(30);
  private static final Duration STEP = Duration.ofSeconds(10);
  private static final int WINDOW = 4;

  /** A statement and when it is sent, in event-time terms (ties keep insertion order). */
  private record Arrival(Instant sentAt, int order, Keyed statement) {
  }

  @Test
  void voidedAndRestatedAnswersShuffledGiveExactlyTheRowsOfTheCleanSequence() throws Exception {
    Random random = new Random(23);
    String[] learners = {"ada", "bo", "cy"};
    String[] skills = {"fractions", "decimals"};
    List<Keyed> clean = new ArrayList<>();
    List<Keyed> dirty = new ArrayList<>();
    List<Instant> times = new ArrayList<>();
    List<String> skillOf = new ArrayList<>();
    List<Boolean> correctOf = new ArrayList<>();
    int n = 9000;
    for (int i = 0; i < 18; i++) {
      for (int j = 0; j < learners.length; j++) {
        String skill = skills[random.nextInt(skills.length)];
        boolean correct = random.nextDouble() < 0.4 + i * 0.03;
        Instant at = MONDAY_9AM.plus(STEP.multipliedBy(i)).plusSeconds(3L * j);
        clean.add(answered("clean", learners[j], skill, correct, at, n));
        dirty.add(answered("dirty", learners[j], skill, correct, at, n));
        times.add(at);
        skillOf.add(skill);
        correctOf.add(correct);
        n++;
      }
    }
    List<Integer> positions = new ArrayList<>();
    for (int p = 0; p < dirty.size(); p++) {
      positions.add(p);
    }
    for (int w = 0; w < positions.size(); w += WINDOW) {
      Collections.shuffle(positions.subList(w, Math.min(w + WINDOW, positions.size())), random);
    }
    List<Arrival> arrivals = new ArrayList<>();
    int order = 0;
    for (int p = 0; p < clean.size(); p++) {
      arrivals.add(new Arrival(times.get(p), order++, clean.get(p)));
      arrivals.add(new Arrival(times.get(p), order++, dirty.get(positions.get(p))));
    }
    int wrongId = 50_000;
    int voidId = 60_000;
    int voids = 0;
    // from the 5th round on, every 7th answer had a wrong predecessor that is voided just before the answer arrives
    for (int p = 15; p < clean.size(); p += 7) {
      String learner = learners[p % learners.length];
      int shuffledAt = positions.indexOf(p);
      Instant answerSent = times.get(Math.min(shuffledAt, p)).minusMillis(3);
      boolean afterApplied = (p / 7) % 2 == 0;
      // applied: sent (and timed) 40 s earlier, so the watermark has passed it when the void comes
      Instant wrongAt = afterApplied ? times.get(p).minusSeconds(40).plusSeconds(1) : times.get(p).minusMillis(500);
      Instant wrongSent = afterApplied ? wrongAt : answerSent;
      arrivals.add(new Arrival(wrongSent, order++,
          answered("dirty", learner, skillOf.get(p), !correctOf.get(p), wrongAt, wrongId)));
      arrivals.add(new Arrival(answerSent.plusMillis(1), order++,
          voided("dirty", wrongId, times.get(p), voidId)));
      wrongId++;
      voidId++;
      voids++;
    }
    arrivals.sort(Comparator.comparing(Arrival::sentAt).thenComparingInt(Arrival::order));

    run(arrivals.stream().map(Arrival::statement).toList());

    assertThat(lateCount()).as("no statement fell behind the watermark, no void beyond the history: %s", lateRows())
        .isZero();
    Map<String, String> cleanUpdates = rows("mastery_updates", "clean", " AND voided = 0");
    assertThat(cleanUpdates).hasSize(clean.size());
    assertThat(rows("mastery_updates", "dirty", " AND voided = 0")).isEqualTo(cleanUpdates);
    // an answer voided while it waited is applied first, so it keeps a row marked voided as one voided later does;
    // a void overtaking its answer (another Kafka partition) drops the answer instead: no voided row then
    assertThat(rows("mastery_updates", "dirty", " AND voided = 1"))
        .as("answers that reached mastery before their void keep a row, marked voided")
        .hasSizeLessThanOrEqualTo(voids)
        .allSatisfy((key, row) -> assertThat(key).as("a wrong answer (ids from 50000)").contains("-8000-00000000c35"));
    Map<String, String> cleanCurrent = rows("mastery_current", "clean", "");
    assertThat(cleanCurrent).hasSizeGreaterThanOrEqualTo(learners.length);
    assertThat(rows("mastery_current", "dirty", "")).isEqualTo(cleanCurrent);
  }

  private static Map<String, String> rows(String table, String tenant, String filter) {
    List<Map<String, Object>> rows = ClickHouseQueries.rows(CLICKHOUSE.client(),
        "SELECT skill, statement_id, sequence, correct, p_known_after, mastered, attempts, correct_count,"
            + " recent_accuracy, trend, event_time_ms, first_mastered_at_ms, model_version FROM "
            + CLICKHOUSE.database() + "." + table + " FINAL WHERE tenant = '" + tenant + "'" + filter
            + " FORMAT JSONEachRow");
    return rows.stream().collect(Collectors.toMap(
        r -> r.get("skill") + "|" + r.get("statement_id"),
        r -> {
          Map<String, Object> copy = new TreeMap<>(r);
          copy.remove("skill");
          copy.remove("statement_id");
          return copy.toString();
        }));
  }

  private static String lateRows() {
    return ClickHouseQueries.text(CLICKHOUSE.client(), "SELECT tenant, learner, kind, statement_id, skills, "
        + "voided_statement_id, timestamp_ms FROM " + CLICKHOUSE.database()
        + ".late_events WHERE tenant IN ('clean', 'dirty') FORMAT TabSeparated");
  }

  private static long lateCount() {
    return ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM " + CLICKHOUSE.database()
        + ".late_events WHERE tenant IN ('clean', 'dirty')");
  }

  private static void run(List<Keyed> statements) throws Exception {
    TestPipelineRuns.runBounded(KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), statements, "v",
        config -> config.set(PipelineOptions.OUT_OF_ORDERNESS, OUT_OF_ORDERNESS));
  }
}
