package org.learnstream.dashboards;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.CookbookQuery;
import org.learnstream.pipeline.testing.ClickHouseExtension;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs every cookbook query on the demo cohort and checks the columns its header promises to data teams. */
class CookbookQueriesTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  /** What each query must return; the README documents the same columns. */
  private static final Map<String, List<String>> COLUMNS = Map.of(
      "mastery_trend_per_skill_per_class.sql", List.of("day", "skill", "learners_active", "mean_p_known",
          "learners_mastered", "attempt_count", "accuracy"),
      "learners_below_threshold.sql", List.of("learner", "skill", "p_known", "attempts", "correct_count",
          "recent_accuracy", "last_practised"),
      "time_to_mastery.sql", List.of("skill", "learners", "learners_mastered", "mastered_share",
          "median_attempts_to_mastery", "p90_attempts_to_mastery", "median_hours_to_mastery", "p90_hours_to_mastery"),
      "low_learning_rate_skills.sql", List.of("skill", "learners", "attempt_count", "mean_gain_per_attempt",
          "first_attempt_accuracy", "accuracy", "mastered_share"),
      "alert_volume_by_rule.sql", List.of("day", "rule", "raised", "resolved", "still_open", "mean_hours_to_resolve"),
      "learner_activity_per_day.sql", List.of("day", "course", "events", "responses", "correct", "skills_practised",
          "first_seen", "last_seen"));

  private static Map<String, String> parameters;

  @BeforeAll
  static void loadDemoCohort() {
    parameters = DemoViewer.of(CLICKHOUSE.client(), CLICKHOUSE.database(),
        DemoData.load(CLICKHOUSE.client(), CLICKHOUSE.database())).cookbookParameters();
  }

  @Test
  void theCookbookAnswersTheQuestionsDataTeamsAsk() {
    assertThat(CookbookQuery.bundled()).extracting(CookbookQuery::file)
        .containsExactlyInAnyOrderElementsOf(COLUMNS.keySet());
  }

  @TestFactory
  Stream<DynamicTest> everyCookbookQueryReturnsItsColumnsOnTheDemoCohort() {
    return CookbookQuery.bundled().stream().map(query -> DynamicTest.dynamicTest(query.file(), () -> {
      String sql = query.sql(CLICKHOUSE.database(), parameters);
      List<Map<String, Object>> rows = ClickHouseQueries.rows(CLICKHOUSE.client(), sql + "\nFORMAT JSONEachRow");
      assertThat(rows).as("rows of %s:\n%s", query.file(), sql).isNotEmpty();
      assertThat(rows.get(0).keySet()).as("columns of %s", query.file())
          .containsExactlyElementsOf(COLUMNS.get(query.file()));
    }));
  }

  @Test
  void everyQueryDeclaresExactlyTheParametersItUses() {
    Pattern placeholder = Pattern.compile("\\$\\{(\\w+)}");
    for (CookbookQuery query : CookbookQuery.bundled()) {
      Set<String> used = new HashSet<>();
      Matcher m = placeholder.matcher(query.sql());
      while (m.find()) {
        used.add(m.group(1));
      }
      used.remove("database");
      assertThat(query.parameters().stream().map(CookbookQuery.Parameter::name).collect(Collectors.toSet()))
          .as("parameters of %s", query.file()).isEqualTo(used);
      assertThat(query.parameters()).allMatch(p -> !p.description().isBlank());
    }
  }

  @Test
  void noQueryUsesWhat1816AndCurrentReleasesAnswerDifferently() {
    assertThat(CookbookQuery.bundled()).filteredOn(query -> DashboardLint.answeredDifferentlyByRelease(query.sql()))
        .extracting(CookbookQuery::file).isEmpty();
  }

  @Test
  void aMissingOrMalformedParameterIsNamedInTheError() {
    CookbookQuery query = CookbookQuery.bundled().stream().filter(q -> q.file().equals("learners_below_threshold.sql"))
        .findFirst().orElseThrow();
    assertThatThrownBy(() -> query.sql("db", Map.of("tenant", "t", "course", "c", "section", "s")))
        .hasMessageContaining("threshold").hasMessageContaining("Float64");
    assertThatThrownBy(
        () -> query.sql("db", Map.of("tenant", "t", "course", "c", "section", "s", "threshold", "1; DROP TABLE x")))
        .hasMessageContaining("threshold").hasMessageContaining("must be a Float64");
  }
}
