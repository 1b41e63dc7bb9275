package org.learnstream.pipeline.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The daily aggregates and the alert table behave as the data model README promises, on a real ClickHouse. */
class DerivedTablesTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static void update(String learner, String statement, int sequence, int correct, double pKnown,
      boolean mastered) {
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("mastery_updates")
        + " (tenant, learner, skill, statement_id, course, section, event_time, event_time_ms, sequence, correct,"
        + " p_known_before, p_correct_predicted, p_known_after, mastered, attempts, correct_count, recent_accuracy,"
        + " recent_window, trend, first_mastered_at, first_mastered_at_ms, model_version) VALUES ('t1', '" + learner
        + "', 'fractions', '" + statement + "', 'math', '7A', '2026-03-02 10:0" + sequence + ":00', 0, " + sequence
        + ", " + correct + ", 0.5, 0.5, " + pKnown + ", " + (mastered ? 1 : 0) + ", " + sequence + ", " + correct
        + ", 0.5, 1, 0.1, " + (mastered ? "'2026-03-02 10:0" + sequence + ":00', 0" : "NULL, NULL") + ", 'bkt')");
  }

  @Test
  void skillDailyCountsEachAnswerOnceEvenWhenRowsAreInsertedAgain() {
    for (int replay = 0; replay < 2; replay++) {
      update("ann", "s1", 1, 1, 0.6, false);
      update("ann", "s2", 2, 0, 0.5, false);
      update("ann", "s3", 3, 1, 0.7, false);
    }
    update("bob", "s4", 1, 1, 0.96, true);
    List<Map<String, Object>> rows = ClickHouseQueries.rows(CLICKHOUSE.client(), "SELECT day,"
        + " uniqExactMerge(learners_active) AS active, uniqExactMerge(attempts) AS answers,"
        + " uniqExactIfMerge(correct) AS right, uniqExactIfMerge(learners_mastered) AS at_mastery,"
        + " uniqExactIfMerge(newly_mastered) AS newly FROM " + CLICKHOUSE.table("skill_daily")
        + " WHERE tenant = 't1' AND course = 'math' AND section = '7A' AND skill = 'fractions' GROUP BY day FORMAT JSONEachRow");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0)).containsEntry("day", "2026-03-02").containsEntry("active", "2")
        .containsEntry("answers", "4")
        .containsEntry("right", "3").containsEntry("at_mastery", "1").containsEntry("newly", "1");
  }

  @Test
  void learnerDailyLeavesVoidingStatementsOut() {
    String columns = " (statement_id, tenant, learner, kind, verb, object_id, object_type, skills, success, course,"
        + " section, voided_statement_id, timestamp, timestamp_ms, stored, stored_ms) VALUES ";
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("learning_events") + columns
        + "('e1', 't1', 'cem', 'RESPONSE', 'answered', 'q1', 'Activity', ['fractions', 'ratios'], 1, 'math', '7A', NULL, '2026-03-02 09:00:00', 0, '2026-03-02 09:00:01', 0),"
        + "('e2', 't1', 'cem', 'ACTIVITY', 'played', 'v1', 'Activity', [], NULL, 'math', '7A', NULL, '2026-03-02 11:30:00', 0, '2026-03-02 11:30:01', 0),"
        + "('e3', 't1', 'cem', 'VOIDING', 'voided', 'e1', 'StatementRef', [], NULL, 'math', '7A', 'e1', '2026-03-02 12:00:00', 0, '2026-03-02 12:00:01', 0)");
    Map<String, Object> row = ClickHouseQueries.rows(CLICKHOUSE.client(), "SELECT uniqExactMerge(events) AS events,"
        + " uniqExactIfMerge(responses) AS answers, uniqExactIfMerge(correct) AS right,"
        + " uniqExactArrayMerge(skills_practised) AS skills, maxMerge(last_seen) AS last FROM "
        + CLICKHOUSE.table("learner_daily") + " WHERE tenant = 't1' AND learner = 'cem' FORMAT JSONEachRow").get(0);
    assertThat(row).containsEntry("events", "2").containsEntry("answers", "1").containsEntry("right", "1")
        .containsEntry("skills", "2").containsEntry("last", "2026-03-02 11:30:00");
  }

  @Test
  void aResolvedAlertReplacesItsRaisedVersion() {
    String columns = " (alert_id, tenant, learner, course, section, skill, rule, severity, status, evidence, raised_at,"
        + " resolved_at, version) VALUES ";
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("alerts") + columns
        + "('a1', 't1', 'dan', 'math', '7A', 'fractions', 'failure_streak', 'warning', 'raised', '{\"failures\":3}', '2026-03-02 10:00:00', NULL, 1)");
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("alerts") + columns
        + "('a1', 't1', 'dan', 'math', '7A', 'fractions', 'failure_streak', 'warning', 'resolved', '{\"failures\":0}', '2026-03-02 10:00:00', '2026-03-03 08:00:00', 2)");
    List<Map<String, Object>> rows = ClickHouseQueries.rows(CLICKHOUSE.client(), "SELECT status, resolved_at FROM "
        + CLICKHOUSE.table("alerts") + " FINAL WHERE alert_id = 'a1' FORMAT JSONEachRow");
    assertThat(rows).containsExactly(Map.of("status", "resolved", "resolved_at", "2026-03-03 08:00:00"));
  }

  @Test
  void anEscalationReplacesTheCautionVersionAndARowWithoutATierReadsAsCaution() {
    String columns = " (alert_id, tenant, learner, rule, severity, status, evidence, raised_at, version";
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("alerts") + columns
        + ") VALUES ('e1', 't1', 'eve', 'inactivity', 'warning', 'raised', '{}', '2026-03-02 10:00:00', 1)");
    assertThat(tierOf("e1")).isEqualTo("caution");
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("alerts") + columns
        + ", tier) VALUES ('e1', 't1', 'eve', 'inactivity', 'warning', 'raised', '{}', '2026-03-02 10:00:00', 2, 'act')");
    assertThat(tierOf("e1")).isEqualTo("act");
  }

  private static Object tierOf(String alertId) {
    return ClickHouseQueries.rows(CLICKHOUSE.client(), "SELECT tier FROM " + CLICKHOUSE.table("alerts")
        + " FINAL WHERE alert_id = '" + alertId + "' FORMAT JSONEachRow").get(0).get("tier");
  }
}
