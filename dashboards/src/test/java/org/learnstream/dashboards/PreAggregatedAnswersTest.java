package org.learnstream.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.CookbookQuery;
import org.learnstream.pipeline.grafana.GrafanaDashboard;
import org.learnstream.pipeline.grafana.GrafanaMacros;
import org.learnstream.pipeline.grafana.GrafanaVariables;
import org.learnstream.pipeline.grafana.VariableValue;
import org.learnstream.pipeline.testing.ClickHouseExtension;

/**
 * The queries that read pre-aggregated tables (skill_attempt_daily, learner_skill_progress) or one learner's events
 * answer what the history itself answers: the same figures over {@code mastery_updates FINAL WHERE voided = 0}, also
 * after updates and events were inserted a second time, as an at-least-once retry does.
 * The second test inserts rows again, so it runs after the first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreAggregatedAnswersTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  /** The history read directly: what the cookbook's low-learning-rate query must agree with. */
  private static final String LOW_LEARNING_RATE_OVER_HISTORY = """
      SELECT skill, uniqExact(learner) AS learners, count() AS attempt_count,
          round(avg(p_known_after - p_known_before), 4) AS mean_gain_per_attempt,
          round(avgIf(correct, attempts = 1), 3) AS first_attempt_accuracy, round(avg(correct), 3) AS accuracy,
          round(uniqExactIf(learner, mastered = 1) / uniqExact(learner), 3) AS mastered_share
      FROM ${database}.mastery_updates FINAL
      WHERE tenant = ${tenant} AND voided = 0
      GROUP BY skill HAVING attempt_count >= ${min_attempts}
      ORDER BY mean_gain_per_attempt ASC, skill""";

  private static final String MASTERY_TREND_OVER_HISTORY = """
      SELECT toDate(event_time) AS day, skill, uniqExact(learner) AS learners_active,
          round(avg(p_known_after), 4) AS mean_p_known, uniqExactIf(learner, mastered = 1) AS learners_mastered,
          count() AS attempt_count, round(avg(correct), 4) AS accuracy
      FROM ${database}.mastery_updates FINAL
      WHERE tenant = ${tenant} AND voided = 0 AND course = ${course} AND section = ${section}
        AND toDate(event_time) >= ${from} AND toDate(event_time) <= ${to}
      GROUP BY day, skill ORDER BY skill, day""";

  private static final String TIME_TO_MASTERY_OVER_HISTORY = """
      SELECT skill, count() AS learners, countIf(reached = 1) AS learners_mastered,
          round(countIf(reached = 1) / count(), 3) AS mastered_share,
          quantileIf(0.5)(toFloat64(attempts_to_mastery), reached = 1) AS median_attempts_to_mastery,
          quantileIf(0.9)(toFloat64(attempts_to_mastery), reached = 1) AS p90_attempts_to_mastery,
          round(quantileIf(0.5)(hours_to_mastery, reached = 1), 1) AS median_hours_to_mastery,
          round(quantileIf(0.9)(hours_to_mastery, reached = 1), 1) AS p90_hours_to_mastery
      FROM (
          SELECT learner, skill, max(mastered) AS reached, minIf(attempts, mastered = 1) AS attempts_to_mastery,
              (toUInt32(minIf(event_time, mastered = 1)) - toUInt32(min(event_time))) / 3600 AS hours_to_mastery
          FROM ${database}.mastery_updates FINAL
          WHERE tenant = ${tenant} AND voided = 0 AND course = ${course}
          GROUP BY learner, skill)
      GROUP BY skill ORDER BY median_attempts_to_mastery DESC, skill""";

  private static final String LEARNER_ACTIVITY_OVER_EVENTS = """
      SELECT toDate(timestamp) AS day, ifNull(course, '') AS course, count() AS events,
          countIf(kind = 'RESPONSE') AS responses, countIf(kind = 'RESPONSE' AND ifNull(success, 0) = 1) AS correct,
          length(groupUniqArrayArray(skills)) AS skills_practised, min(timestamp) AS first_seen,
          max(timestamp) AS last_seen
      FROM ${database}.learning_events FINAL
      WHERE tenant = ${tenant} AND learner = ${learner} AND kind != 'VOIDING'
        AND toDate(timestamp) >= ${from} AND toDate(timestamp) <= ${to}
      GROUP BY day, course ORDER BY day, course""";

  /** Skill insight #1 and #3 over the history, for every course and skill of the demo range. */
  private static final String SKILL_DIFFICULTY_OVER_HISTORY = """
      SELECT skill, uniqExact(learner) AS learners, count() AS attempt_count,
          round(avgIf(correct, attempts = 1), 3) AS first_attempt_accuracy, round(avg(correct), 3) AS accuracy,
          round(avg(p_known_after - p_known_before), 4) AS mean_gain_per_attempt,
          round(uniqExactIf(learner, mastered = 1) / uniqExact(learner), 3) AS mastered_share
      FROM ${database}.mastery_updates FINAL
      WHERE tenant = ${tenant} AND voided = 0
      GROUP BY skill ORDER BY mean_gain_per_attempt""";

  private static final String LEARNING_CURVE_OVER_HISTORY = """
      SELECT toString(attempts) AS attempt, round(avg(correct), 3) AS accuracy
      FROM ${database}.mastery_updates FINAL
      WHERE tenant = ${tenant} AND voided = 0 AND attempts <= 15
      GROUP BY attempts ORDER BY attempts""";

  private static DemoCohort cohort;
  private static String learner;

  @BeforeAll
  static void loadDemoCohort() {
    cohort = DemoData.load(CLICKHOUSE.client(), CLICKHOUSE.database());
    learner = DemoData.learnerWithAlerts(CLICKHOUSE.client(), CLICKHOUSE.database());
  }

  @Test
  @Order(1)
  void everyPreAggregatedQueryAnswersWhatTheHistoryAnswers() {
    assertAllAgree(true);
  }

  @Test
  @Order(2)
  void reDeliveredUpdatesAndEventsAreCountedOnce() {
    String db = CLICKHOUSE.database();
    long before = ClickHouseQueries.count(CLICKHOUSE.client(), db + ".mastery_updates");
    // a retried batch: the same rows of one class again, through the materialized views like the first time
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + db + ".mastery_updates SELECT * FROM " + db
        + ".mastery_updates WHERE tenant = " + ClickHouseQueries.quote(DemoCohort.TENANT) + " AND section = '7A'");
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + db + ".learning_events SELECT * FROM " + db
        + ".learning_events WHERE tenant = " + ClickHouseQueries.quote(DemoCohort.TENANT) + " AND section = '7A'");
    assertThat(ClickHouseQueries.count(CLICKHOUSE.client(), db + ".mastery_updates")).isGreaterThan(before);
    // means weigh a re-inserted row twice (documented in the data model README): everything else must agree
    assertAllAgree(false);
  }

  private void assertAllAgree(boolean withMeans) {
    Map<String, String> parameters = Map.of(
        "tenant", DemoCohort.TENANT, "course", "math-7", "section", "7A",
        "from", cohort.firstDay().toString(), "to", cohort.lastDay().toString(),
        "min_attempts", "30", "learner", learner);
    assertAgree(cookbook("low_learning_rate_skills.sql", parameters),
        reference(LOW_LEARNING_RATE_OVER_HISTORY, parameters),
        withMeans, "mean_gain_per_attempt");
    assertAgree(cookbook("mastery_trend_per_skill_per_class.sql", parameters),
        reference(MASTERY_TREND_OVER_HISTORY, parameters), withMeans, "mean_p_known");
    assertAgree(cookbook("time_to_mastery.sql", parameters), reference(TIME_TO_MASTERY_OVER_HISTORY, parameters), true);
    assertAgree(cookbook("learner_activity_per_day.sql", parameters),
        reference(LEARNER_ACTIVITY_OVER_EVENTS, parameters), true);
    assertAgree(panel("ls-skill-insight #1 "), reference(SKILL_DIFFICULTY_OVER_HISTORY, parameters), withMeans,
        "mean_gain_per_attempt");
    assertAgree(panel("ls-skill-insight #3 "), reference(LEARNING_CURVE_OVER_HISTORY, parameters), true);
  }

  private static void assertAgree(String sql, String referenceSql, boolean withMeans, String... means) {
    List<Map<String, Object>> actual = rows(sql);
    List<Map<String, Object>> expected = rows(referenceSql);
    assertThat(expected).as("reference rows of\n%s", referenceSql).isNotEmpty();
    if (!withMeans) {
      for (String mean : means) {
        actual.forEach(row -> row.remove(mean));
        expected.forEach(row -> row.remove(mean));
      }
      // the order may follow a mean: compare as sets
      assertThat(actual).as("rows of\n%s", sql).containsExactlyInAnyOrderElementsOf(expected);
    } else {
      assertThat(actual).as("rows of\n%s", sql).containsExactlyElementsOf(expected);
    }
  }

  private static List<Map<String, Object>> rows(String sql) {
    return ClickHouseQueries.rows(CLICKHOUSE.client(), sql + "\nFORMAT JSONEachRow");
  }

  private static String cookbook(String file, Map<String, String> parameters) {
    CookbookQuery query = CookbookQuery.bundled().stream().filter(q -> q.file().equals(file)).findFirst().orElseThrow();
    Map<String, String> used = new HashMap<>();
    query.parameters().forEach(p -> used.put(p.name(), parameters.get(p.name())));
    return query.sql(CLICKHOUSE.database(), used);
  }

  /** A reference query, with the cookbook's parameter syntax, filled in the same way. */
  private static String reference(String sql, Map<String, String> parameters) {
    String filled = sql.replace("${database}", CLICKHOUSE.database());
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      String literal = switch (p.getKey()) {
        case "from", "to" -> "toDate('" + p.getValue() + "')";
        case "min_attempts" -> p.getValue();
        default -> ClickHouseQueries.quote(p.getValue());
      };
      filled = filled.replace("${" + p.getKey() + "}", literal);
    }
    return filled;
  }

  /** A Skill insight panel expanded as Grafana would, every course and skill selected, over the demo range. */
  private static String panel(String labelPrefix) {
    for (GrafanaDashboard dashboard : DashboardLintTest.dashboards()) {
      for (GrafanaDashboard.PanelQuery query : dashboard.panelQueries()) {
        if (query.label().startsWith(labelPrefix)) {
          Map<String, VariableValue> values = GrafanaVariables.resolve(dashboard, cohort.from(), cohort.to(), 3600,
              sql -> rows(sql).stream().map(row -> String.valueOf(row.values().iterator().next())).toList(),
              Map.of("database", VariableValue.of(CLICKHOUSE.database()),
                  "tenant", VariableValue.of(DemoCohort.TENANT),
                  "learner", VariableValue.of(learner)),
              true);
          return new GrafanaMacros(cohort.from(), cohort.to(), 3600, values).expand(query.query());
        }
      }
    }
    throw new AssertionError("no panel query labelled " + labelPrefix + "...");
  }
}
