package org.learnstream.pipeline.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;

/**
 * The deduplication window on 18.16, which is sent no tokens and refuses the setting: the step changes nothing and
 * says why. {@code DeduplicationWindowCurrentEngineTest} (dashboards) runs it on ClickHouse 26.x.
 */
class DeduplicationWindowTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  @Test
  void onClickHouse18TheStepIsSkippedAndNoTableChanges() {
    SchoolDatabase.Sql sql = SchoolDatabase.Sql.of(CLICKHOUSE.client());
    List<String> before = engines(sql);

    DeduplicationWindow.Outcome outcome = DeduplicationWindow.apply(sql, CLICKHOUSE.database(),
        ProjectionTables.written());

    assertThat(outcome.supported()).isFalse();
    assertThat(outcome.tables()).isEmpty();
    assertThat(outcome.lines()).singleElement().asString().startsWith("insert deduplication: ClickHouse 18.")
        .contains("older than 22.2").endsWith(DeduplicationWindow.SETTING + " skipped");
    assertThat(engines(sql)).isEqualTo(before).noneMatch(e -> e.contains(DeduplicationWindow.SETTING));
  }

  @Test
  void theWindowIsReadFromTheEngineDescriptionAndIsZeroWhereItIsNotNamed() {
    assertThat(DeduplicationWindow.window("ReplacingMergeTree(sequence) ORDER BY (tenant, learner) SETTINGS "
        + "index_granularity = 8192, non_replicated_deduplication_window = 1000")).isEqualTo(1000);
    assertThat(DeduplicationWindow.window("MergeTree ORDER BY n SETTINGS index_granularity = 8192")).isZero();
  }

  private static List<String> engines(SchoolDatabase.Sql sql) {
    return sql.rows("SELECT engine_full FROM system.tables WHERE database = '" + CLICKHOUSE.database()
        + "' ORDER BY name").stream().map(r -> String.valueOf(r.get("engine_full"))).toList();
  }
}
