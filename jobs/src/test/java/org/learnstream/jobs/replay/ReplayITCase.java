package org.learnstream.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.pipeline.TestPipelineRuns;
import org.learnstream.jobs.runtime.StatementProducer.Keyed;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.CohortSpec;
import org.learnstream.jobs.testing.EndToEndTestBase;

/**
 * The live pipeline over a simulated cohort, then a replay of its event log: the swapped-in tables equal the ones
 * the live job wrote (now in the backup database) row for row, and the live database's views feed the new tables.
 */
class ReplayITCase extends EndToEndTestBase {

  /** Every projection as text, one query per table, in key order; aggregate states read through their -Merge. */
  private static final Map<String, String> PROJECTIONS = new LinkedHashMap<>();

  static {
    PROJECTIONS.put("learning_events", "SELECT * FROM %s.learning_events FINAL ORDER BY tenant, learner, statement_id");
    PROJECTIONS.put("mastery_updates",
        "SELECT * FROM %s.mastery_updates FINAL ORDER BY tenant, learner, skill, statement_id");
    PROJECTIONS.put("mastery_current", "SELECT * FROM %s.mastery_current FINAL ORDER BY tenant, learner, skill");
    // avg sums doubles in insert order, which differs between runs; 9 decimals are far above that rounding noise
    PROJECTIONS.put("skill_daily", "SELECT tenant, course, section, skill, day, uniqExactMerge(learners_active),"
        + " round(avgMerge(mean_p_known), 9), uniqExactIfMerge(learners_mastered), uniqExactIfMerge(newly_mastered),"
        + " uniqExactMerge(attempts), uniqExactIfMerge(correct) FROM %s.skill_daily"
        + " GROUP BY tenant, course, section, skill, day ORDER BY tenant, course, section, skill, day");
    PROJECTIONS.put("learner_daily", "SELECT tenant, learner, course, section, day, uniqExactMerge(events),"
        + " uniqExactIfMerge(responses), uniqExactIfMerge(correct), uniqExactArrayMerge(skills_practised),"
        + " minMerge(first_seen), maxMerge(last_seen) FROM %s.learner_daily"
        + " GROUP BY tenant, learner, course, section, day ORDER BY tenant, learner, course, section, day");
  }

  private static Replay.Result replay;
  private static final List<Long> progress = new ArrayList<>();

  @BeforeAll
  static void runLiveThenReplay() throws Exception {
    CohortSpec spec = CohortSpec.demo().withSeed(7).withLearners(30).withDays(3).withSections(2);
    List<Keyed> statements = new CohortSimulator(spec).statements().map(s -> new Keyed(s.actorKey(), s.json())).toList();
    String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "r");
    Configuration config = TestPipelineRuns.runBoundedOn(KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), prefix,
        statements, settings -> { });

    replay = Replay.run(config, KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), CLICKHOUSE.client(),
        new Replay.Progress() {
          @Override
          public void started(String rebuildDatabase, long recordsInLog) {
            progress.add(recordsInLog);
          }

          @Override
          public void written(long eventRows) {
            progress.add(eventRows);
          }
        });
  }

  @AfterAll
  static void dropBackup() {
    if (replay != null) {
      ClickHouseQueries.execute(CLICKHOUSE.client(), "DROP DATABASE IF EXISTS " + replay.backupDatabase());
    }
  }

  @Test
  void everyRebuiltProjectionEqualsTheLiveOneRowForRow() {
    String live = CLICKHOUSE.database();
    for (var projection : PROJECTIONS.entrySet()) {
      String before = rows(projection.getValue(), replay.backupDatabase());
      String after = rows(projection.getValue(), live);
      assertThat(before.lines().count()).as("rows the live job wrote to %s", projection.getKey()).isGreaterThan(0);
      assertThat(after).as("rebuilt %s", projection.getKey()).isEqualTo(before);
    }
  }

  @Test
  void theReplayReadTheWholeLogAndReportedItsProgress() {
    long events = ClickHouseQueries.countFinal(CLICKHOUSE.client(), CLICKHOUSE.database() + ".learning_events");
    assertThat(replay.eventRows()).isGreaterThanOrEqualTo(events);
    assertThat(replay.recordsInLog()).isGreaterThanOrEqualTo(events);
    assertThat(progress).first().isEqualTo(replay.recordsInLog());
    assertThat(progress).last().isEqualTo(replay.eventRows());
  }

  @Test
  void theLiveViewsFeedTheSwappedInTables() {
    String live = CLICKHOUSE.database();
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + live + ".mastery_updates (tenant, learner, skill,"
        + " statement_id, event_time, event_time_ms, sequence, correct, p_known_before, p_correct_predicted,"
        + " p_known_after, mastered, attempts, correct_count, recent_accuracy, recent_window, trend, model_version)"
        + " VALUES ('after-swap', 'l', 's', 'x', toDateTime(1772445600), 1772445600000, 1, 1, 0.1, 0.2, 0.3, 0, 1, 1,"
        + " 1.0, 1, 0.0, 'm')");
    assertThat(countWhereTenant(live + ".mastery_current", "after-swap")).isEqualTo(1);
    assertThat(countWhereTenant(live + ".skill_daily", "after-swap")).isEqualTo(1);
    assertThat(countWhereTenant(replay.backupDatabase() + ".mastery_current", "after-swap")).isZero();
  }

  private static String rows(String query, String database) {
    return ClickHouseQueries.text(CLICKHOUSE.client(), String.format(query, database) + " FORMAT TabSeparated");
  }

  private static long countWhereTenant(String table, String tenant) {
    return ClickHouseQueries.scalarLong(CLICKHOUSE.client(),
        "SELECT count() FROM " + table + " WHERE tenant = " + ClickHouseQueries.quote(tenant));
  }
}
