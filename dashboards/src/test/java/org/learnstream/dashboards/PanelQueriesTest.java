package org.learnstream.dashboards;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.grafana.GrafanaDashboard;
import org.learnstream.pipeline.grafana.VariableValue;
import org.learnstream.pipeline.testing.ClickHouseExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every ClickHouse panel and variable query of every dashboard, expanded as Grafana would, on the demo cohort:
 * once with every multi-value variable on "All" and once with the first value of each.
 */
class PanelQueriesTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();
  private static DemoViewer viewer;

  @BeforeAll
  static void loadDemoCohort() {
    viewer = DemoViewer.of(CLICKHOUSE.client(), CLICKHOUSE.database(),
        DemoData.load(CLICKHOUSE.client(), CLICKHOUSE.database()));
  }

  @TestFactory
  Stream<DynamicTest> everyPanelQueryReturnsTheColumnsItsPanelReadsWithAllSelected() {
    return panelTests(true);
  }

  @TestFactory
  Stream<DynamicTest> everyPanelQueryReturnsTheColumnsItsPanelReadsWithSingleValuesSelected() {
    return panelTests(false);
  }

  @Test
  void everyVariableQueryOffersValues() {
    int checked = 0;
    for (GrafanaDashboard dashboard : DashboardLintTest.dashboards()) {
      Map<String, VariableValue> values = viewer.variables(dashboard, true);
      for (GrafanaDashboard.Variable variable : dashboard.variables()) {
        if (variable.type().equals("query")) {
          String sql = viewer.macros(values).expand(variable.query());
          assertThat(ClickHouseQueries.rows(CLICKHOUSE.client(), sql + " FORMAT JSONEachRow"))
              .as("values of $%s in %s: %s", variable.name(), dashboard.uid(), sql).isNotEmpty();
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(15);
  }

  private Stream<DynamicTest> panelTests(boolean preferAll) {
    List<DynamicTest> tests = new ArrayList<>();
    for (GrafanaDashboard dashboard : DashboardLintTest.dashboards()) {
      for (GrafanaDashboard.PanelQuery query : dashboard.panelQueries()) {
        if (GrafanaDashboard.CLICKHOUSE_TYPE.equals(query.datasourceType())) {
          tests.add(DynamicTest.dynamicTest(query.label(), () -> check(dashboard, query, preferAll)));
        }
      }
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(30);
    return tests.stream();
  }

  private void check(GrafanaDashboard dashboard, GrafanaDashboard.PanelQuery query, boolean preferAll) {
    String sql = viewer.macros(viewer.variables(dashboard, preferAll)).expand(query.query());
    List<Map<String, Object>> rows = ClickHouseQueries.rows(CLICKHOUSE.client(), sql + "\nFORMAT JSONEachRow");
    assertThat(rows).as("rows of %s:\n%s", query.label(), sql).isNotEmpty();
    assertThat(rows.get(0).keySet()).as("columns of %s", query.label()).containsAll(query.expectedColumns());
    if (query.panelType().equals("timeseries")) {
      assertThat(rows.get(0).keySet().iterator().next()).as("the time column leads in %s", query.label())
          .isEqualTo("time");
    }
    if (query.panelType().equals("stat")) {
      assertThat(rows.get(0).values()).as("a stat with something to show in %s", query.label())
          .anyMatch(
              v -> v != null && !v.toString().isEmpty() && !v.toString().equals("0") && !v.toString().equals("nan"));
    }
  }
}
