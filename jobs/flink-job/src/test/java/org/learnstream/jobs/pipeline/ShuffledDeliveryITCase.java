package org.learnstream.jobs.pipeline;

import org.learnstream.jobs.settings.PipelineOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.learnstream.jobs.pipeline.TestStatements.MONDAY_9AM;
import static org.learnstream.jobs.pipeline.TestStatements.answered;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.jobs.testing.EndToEndTestBase;

/**
 * Arrival order does not change mastery. Two tenants receive the same statements (same ids, learners, skills,
 * outcomes, timestamps): one in event-time order, the other shuffled so that some statements arrive late, meaning
 * after statements up to {@link #MAX_DELAY} newer in event time than themselves. That is less than the configured
 * out-of-orderness ({@link #OUT_OF_ORDERNESS}), so the watermark has not passed them and they are applied in
 * order; both tenants must end with exactly the same mastery rows.
 */
class ShuffledDeliveryITCase extends EndToEndTestBase {

  private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(30);
  private static final Duration STEP = Duration.ofSeconds(10);
  /**
   * Statements are shuffled within windows of four consecutive ones in event time (at most 10 s apart); with the
   * two tenants interleaved, no statement arrives after one more than 20 s newer in the same partition.
   */
  private static final int WINDOW = 4;
  private static final Duration MAX_DELAY = Duration.ofSeconds(20);

  @Test
  void shuffledDeliveryWithinTheOutOfOrdernessGivesExactlyTheRowsOfOrderedDelivery() throws Exception {
    Random random = new Random(11);
    String[] learners = {"ada", "bo", "cy"};
    String[] skills = {"fractions", "decimals"};
    // Every learner answers every STEP, learner j at offset 3j s: one stream in strictly increasing event time.
    List<Keyed> ordered = new ArrayList<>();
    List<Keyed> shuffled = new ArrayList<>();
    int n = 7000;
    for (int i = 0; i < 18; i++) {
      for (int j = 0; j < learners.length; j++) {
        String skill = skills[random.nextInt(skills.length)];
        boolean correct = random.nextDouble() < 0.4 + i * 0.03;
        var at = MONDAY_9AM.plus(STEP.multipliedBy(i)).plusSeconds(3L * j);
        ordered.add(answered("ordered", learners[j], skill, correct, at, n));
        shuffled.add(answered("shuffled", learners[j], skill, correct, at, n));
        n++;
      }
    }
    // Windows of WINDOW consecutive statements span at most 10 s of event time; shuffling inside them makes
    // statements arrive after newer ones of the same learner (late) without leaving the out-of-orderness.
    for (int w = 0; w < shuffled.size(); w += WINDOW) {
      Collections.shuffle(shuffled.subList(w, Math.min(w + WINDOW, shuffled.size())), random);
    }
    // the statements' JSON is the same for both tenants (the tenant travels in the Kafka key)
    assertThat(shuffled.stream().map(k -> new String(k.json(), StandardCharsets.UTF_8)).toList())
        .as("the shuffle must actually reorder something")
        .isNotEqualTo(ordered.stream().map(k -> new String(k.json(), StandardCharsets.UTF_8)).toList());
    // Both tenants share partitions and so the watermark: send them side by side in time.
    List<Keyed> all = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      all.add(ordered.get(i));
      all.add(shuffled.get(i));
    }

    run(all);

    assertThat(lateCount()).as("no statement fell behind the watermark").isZero();
    Map<String, String> orderedUpdates = rows("mastery_updates", "ordered");
    assertThat(orderedUpdates).hasSize(ordered.size());
    assertThat(rows("mastery_updates", "shuffled")).isEqualTo(orderedUpdates);
    Map<String, String> orderedCurrent = rows("mastery_current", "ordered");
    assertThat(orderedCurrent).hasSizeGreaterThanOrEqualTo(learners.length);
    assertThat(rows("mastery_current", "shuffled")).isEqualTo(orderedCurrent);
  }

  /**
   * Rows by skill and statement id (learner pseudonyms differ between tenants, statement ids do not). Doubles
   * are compared as written (RowBinary in, shortest round-trip text out).
   */
  private static Map<String, String> rows(String table, String tenant) {
    List<Map<String, Object>> rows = ClickHouseQueries.rows(CLICKHOUSE.client(),
        "SELECT skill, statement_id, sequence, correct, p_known_after, mastered, attempts, correct_count,"
            + " recent_accuracy, trend, event_time_ms, first_mastered_at_ms, model_version FROM "
            + CLICKHOUSE.database() + "." + table + " FINAL WHERE tenant = '" + tenant + "' FORMAT JSONEachRow");
    return rows.stream().collect(Collectors.toMap(
        r -> r.get("skill") + "|" + r.get("statement_id"),
        r -> {
          Map<String, Object> copy = new java.util.TreeMap<>(r);
          copy.remove("skill");
          copy.remove("statement_id");
          return copy.toString();
        }));
  }

  private static long lateCount() {
    return ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM " + CLICKHOUSE.database()
        + ".late_events WHERE tenant IN ('ordered', 'shuffled')");
  }

  private static void run(List<Keyed> statements) throws Exception {
    TestPipelineRuns.runBounded(KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), statements, "s",
        config -> config.set(PipelineOptions.OUT_OF_ORDERNESS, OUT_OF_ORDERNESS));
  }
}
