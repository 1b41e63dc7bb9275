package org.learnstream.dashboards;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.grafana.GrafanaDashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped dashboards keep every lint rule, and each rule catches a dashboard that breaks it. */
class DashboardLintTest {

  static final Path DASHBOARDS = Path.of("grafana");
  static final Path DATASOURCES = Path.of("provisioning", "datasources", "learnstream.yaml");
  static final Path PROVIDERS = Path.of("provisioning", "dashboards", "learnstream.yaml");

  /** One dashboard with one of each mistake. */
  private static final String BROKEN = """
      {"id": 7, "uid": "broken", "title": "Broken for $nowhere",
       "templating": {"list": [
         {"name": "datasource", "type": "datasource", "query": "grafana-clickhouse-datasource"},
         {"name": "section", "type": "query", "multi": true, "includeAll": true,
          "datasource": {"type": "grafana-clickhouse-datasource", "uid": "${datasource}"},
          "query": "SELECT DISTINCT section FROM db.t WHERE course IN (${course:singlequote})"},
         {"name": "course", "type": "query", "multi": true, "includeAll": true,
          "datasource": {"type": "grafana-clickhouse-datasource", "uid": "${datasource}"},
          "query": "SELECT DISTINCT course FROM db.t ORDER BY 1"}]},
       "panels": [
         {"id": 1, "title": "A", "type": "table", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
          "datasource": {"type": "grafana-clickhouse-datasource", "uid": "hand-made-uid"},
          "targets": [{"refId": "A", "rawSql": "SELECT toStartOfInterval(t, INTERVAL 1 hour) AS time FROM db.t WHERE course IN ($course)"}]},
         {"id": 1, "title": "B", "type": "table", "gridPos": {"x": 6, "y": 4, "w": 20, "h": 8},
          "datasource": {"type": "grafana-clickhouse-datasource", "uid": "${datasource}"},
          "targets": [{"refId": "A", "rawSql": "SELECT round(x, 2) FROM db.t WHERE x = $undefined"}]}]}
      """;

  static List<GrafanaDashboard> dashboards() {
    return GrafanaDashboard.readAll(DASHBOARDS);
  }

  private static GrafanaDashboard broken() throws IOException {
    return new GrafanaDashboard(Path.of("broken.json"), new ObjectMapper().readTree(BROKEN));
  }

  @Test
  void everyDashboardParsesAndTheSixAreThere() {
    assertThat(dashboards()).extracting(GrafanaDashboard::uid).containsExactlyInAnyOrder(
        "ls-school-overview", "ls-class-skill-heatmap", "ls-learner-drilldown", "ls-skill-insight",
        "ls-alerts", "ls-pipeline-health");
  }

  @Test
  void dashboardUidsAndPanelIdsAreUniqueAndDashboardIdsNull() throws IOException {
    assertThat(DashboardLint.idsAndUids(dashboards())).isEmpty();
    assertThat(DashboardLint.idsAndUids(List.of(broken(), broken())))
        .anyMatch(p -> p.contains("id must be null"))
        .anyMatch(p -> p.contains("duplicate id 1"))
        .anyMatch(p -> p.contains("used by another dashboard"));
  }

  @Test
  void panelsFitTheGridWithoutOverlapping() throws IOException {
    assertThat(dashboards()).flatExtracting(DashboardLint::layout).isEmpty();
    assertThat(DashboardLint.layout(broken()))
        .anyMatch(p -> p.contains("'A' overlaps 'B'"))
        .anyMatch(p -> p.contains("'B' does not fit"));
  }

  @Test
  void everyDatasourceIsAVariableOrAProvisionedUid() throws IOException {
    Set<String> provisioned = DashboardLint.provisionedUids(DATASOURCES);
    assertThat(provisioned).contains("learnstream-clickhouse", "learnstream-prometheus");
    assertThat(dashboards()).flatExtracting(d -> DashboardLint.datasources(d, provisioned)).isEmpty();
    assertThat(DashboardLint.datasources(broken(), provisioned)).singleElement().asString().contains("hand-made-uid");
  }

  @Test
  void everyVariableUsedInAQueryOrTitleIsDefinedQuotedAndDeclaredInOrder() throws IOException {
    assertThat(dashboards()).flatExtracting(DashboardLint::variables).isEmpty();
    assertThat(DashboardLint.variables(broken()))
        .anyMatch(p -> p.contains("$nowhere is not defined"))
        .anyMatch(p -> p.contains("$undefined is not defined"))
        .anyMatch(p -> p.contains("$section uses $course, which is declared after it"))
        .anyMatch(p -> p.contains("multi-value $course must be written ${course:singlequote}"));
  }

  @Test
  void builtInMacrosAndVariablesAreNotMistakenForDashboardVariables() {
    assertThat(DashboardLint.used("WHERE $__timeFilter(t) AND x IN (${a:singlequote}) AND y = $b AND z = ${__from}"))
        .containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void panelSqlAvoidsWhatClickHouse1816Lacks() throws IOException {
    assertThat(dashboards()).flatExtracting(DashboardLint::portableSql).isEmpty();
    assertThat(DashboardLint.portableSql(broken())).singleElement().asString().contains("toStartOfInterval");
  }

  @Test
  void panelSqlAvoidsWhat1816AndCurrentReleasesAnswerDifferently() throws IOException {
    assertThat(dashboards()).flatExtracting(DashboardLint::sameAnswerOnEveryRelease).isEmpty();
    assertThat(DashboardLint.sameAnswerOnEveryRelease(broken())).hasSize(2)
        .anyMatch(p -> p.contains("ORDER BY 1")).anyMatch(p -> p.contains("round(x, 2)"));
  }

  @Test
  void provisioningLoadsTheDashboardsFromFilesWithoutSecrets() throws IOException {
    assertThat(Files.readString(PROVIDERS)).contains("apiVersion: 1", "type: file", "path:");
    String datasources = Files.readString(DATASOURCES);
    assertThat(datasources).contains("type: grafana-clickhouse-datasource", "type: prometheus");
    assertThat(datasources).as("secrets come from the environment").doesNotContainPattern("password:\\s*[^$\\s]");
  }
}
