package org.learnstream.pipeline.clickhouse;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClickHouseSinkTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  @Test
  void aFlinkJobWritesItsRowsAndSendsRefusedOnesToTheDeadLetterTable() throws Exception {
    ClickHouseQueries.execute(CLICKHOUSE.client(), "CREATE TABLE " + CLICKHOUSE.table("guarded")
        + " (id String, n Int64, guard UInt8 MATERIALIZED throwIf(id LIKE 'poison%'))"
        + " ENGINE = MergeTree() ORDER BY id");
    List<GuardedRow> rows = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      rows.add(new GuardedRow(i == 321 ? "poison-321" : "row-" + i, i));
    }
    Configuration config = new Configuration();
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.setParallelism(2);
    env.fromData(rows).sinkTo(new ClickHouseSink<>(CLICKHOUSE.endpoint(), GuardedRow.Encoder.class,
        WriterSettings.defaults().withBatchRows(100)));
    env.execute("clickhouse-sink-test");

    assertThat(ClickHouseQueries.count(CLICKHOUSE.client(), CLICKHOUSE.table("guarded"))).isEqualTo(499);
    assertThat(ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT sum(n) FROM " + CLICKHOUSE.table("guarded")))
        .isEqualTo(499 * 500 / 2 - 321);
    List<Map<String, Object>> deadLetters = ClickHouseQueries.rows(CLICKHOUSE.client(),
        "SELECT origin, rule, reason, payload FROM " + CLICKHOUSE.table("dead_letters"));
    assertThat(deadLetters).singleElement().satisfies(d -> {
      assertThat(d.get("origin")).isEqualTo("clickhouse-sink");
      assertThat(d.get("rule")).isEqualTo("clickhouse.rejected");
      assertThat((String) d.get("reason")).contains("throwIf");
      assertThat(d.get("payload")).isEqualTo("GuardedRow[id=poison-321, n=321]");
    });
  }
}
