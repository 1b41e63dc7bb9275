package org.learnstream.dashboards;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.bench.BenchDataset;
import org.learnstream.pipeline.bench.BenchQueries;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.testing.ClickHouseExtension;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's generated district, at a small size, gives every panel and cookbook query rows to return, so
 * {@code learnstream bench queries} cannot silently time queries over empty results.
 */
class BenchDatasetQueriesTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();
  private static final BenchDataset DATASET = BenchDataset.of(50_000, 4);
  private static List<BenchQueries.NamedQuery> queries;

  @BeforeAll
  static void loadTheGeneratedDistrict() {
    for (BenchDataset.Step step : DATASET.steps(CLICKHOUSE.database())) {
      ClickHouseQueries.execute(CLICKHOUSE.client(), step.sql());
    }
    queries = BenchQueries.all(CLICKHOUSE.client(), CLICKHOUSE.database(), DashboardLintTest.DASHBOARDS, DATASET);
  }

  @Test
  void everyTableTheDashboardsReadHasRows() {
    for (String table : List.of("learning_events", "mastery_updates", "mastery_current", "skill_daily", "learner_daily",
        "alerts", "alert_deliveries", "late_events", "dead_letters", "learner_directory")) {
      assertThat(ClickHouseQueries.count(CLICKHOUSE.client(), CLICKHOUSE.table(table))).as(table).isPositive();
    }
  }

  @Test
  void theDatasetWritesTheRequestedNumberOfEventsAndOneUpdatePerAnswer() {
    String db = CLICKHOUSE.database();
    assertThat(ClickHouseQueries.count(CLICKHOUSE.client(), db + ".learning_events")).isEqualTo(50_000);
    assertThat(ClickHouseQueries.count(CLICKHOUSE.client(), db + ".mastery_updates")).isEqualTo(
        ClickHouseQueries.scalarLong(CLICKHOUSE.client(),
            "SELECT count() FROM " + db + ".learning_events WHERE kind = 'RESPONSE'"));
    assertThat(ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM " + db + ".mastery_updates u "
        + "ANY LEFT JOIN (SELECT statement_id, learner AS event_learner, skills[1] AS event_skill FROM " + db
        + ".learning_events) e USING statement_id WHERE event_learner != learner OR event_skill != skill"))
        .as("updates whose learner or skill differ from their event's").isZero();
  }

  @Test
  void everyQueryOfTheBenchIsIncluded() {
    assertThat(queries).hasSizeGreaterThanOrEqualTo(30 + 6);
    assertThat(queries).extracting(BenchQueries.NamedQuery::label).anyMatch(l -> l.startsWith("cookbook "));
  }

  @TestFactory
  Stream<DynamicTest> everyPanelAndCookbookQueryReturnsRows() {
    return queries.stream().map(q -> DynamicTest.dynamicTest(q.label(), () -> {
      List<Map<String, Object>> rows = ClickHouseQueries.rows(CLICKHOUSE.client(), q.sql() + "\nFORMAT JSONEachRow");
      assertThat(rows).as("rows of %s:\n%s", q.label(), q.sql()).isNotEmpty();
    }));
  }
}
