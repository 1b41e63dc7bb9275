package org.learnstream.pipeline.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;

/** The retention declaration against what the migrations create on a real server. */
class RetentionTablesTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  @Test
  void everyTableOfTheMigrationsIsEitherRetainedOrExemptWithAReason() {
    List<String> tables = ProjectionTables.everyObject().stream().filter(name -> !name.endsWith("_mv")).toList();
    List<String> retained = RetentionTables.TABLES.stream().map(RetentionTables.Table::name).toList();

    assertThat(Stream.concat(retained.stream(), RetentionTables.EXEMPT.keySet().stream())).containsAll(tables)
        .doesNotHaveDuplicates();
    assertThat(tables).containsAll(retained);
  }

  @Test
  void theDeclaredPartitionKeysTimeAndTenantColumnsAreThoseOfTheMigrations() {
    for (RetentionTables.Table table : RetentionTables.TABLES) {
      String create = (String) ClickHouseQueries.rows(CLICKHOUSE.client(), "SELECT create_table_query FROM "
          + "system.tables WHERE database = '" + CLICKHOUSE.database() + "' AND name = '" + table.name() + "'")
          .get(0).get("create_table_query");
      if (table.partitionKey() != null) {
        assertThat(create).as(table.name()).contains("PARTITION BY " + table.partitionKey() + " ");
      } else {
        assertThat(create).as(table.name()).doesNotContain("PARTITION BY");
      }
      List<String> columns = ClickHouseQueries.rows(CLICKHOUSE.client(), "SELECT name FROM system.columns WHERE "
          + "database = '" + CLICKHOUSE.database() + "' AND table = '" + table.name() + "'").stream()
          .map(row -> (String) row.get("name")).toList();
      assertThat(columns).as(table.name()).contains(table.timeColumn());
      if (table.storedColumn() != null) {
        assertThat(columns).as(table.name()).contains(table.storedColumn());
      }
      if (table.tenantColumn() != null) {
        assertThat(columns).as(table.name()).contains(table.tenantColumn());
      } else {
        assertThat(columns).as(table.name()).doesNotContain("tenant");
      }
    }
  }

  @Test
  void aTenantWithItsOwnWindowKeepsItAndTheLongestWindowBoundsTheSharedStores() {
    RetentionWindows windows = new RetentionWindows(java.time.Duration.ofDays(30),
        Map.of("school-long", java.time.Duration.ofDays(90), "school-short", java.time.Duration.ofDays(7)));

    assertThat(windows.of("school-long")).hasDays(90);
    assertThat(windows.of("school-short")).hasDays(7);
    assertThat(windows.of("anyone-else")).hasDays(30);
    assertThat(windows.longest()).hasDays(90);
  }
}
