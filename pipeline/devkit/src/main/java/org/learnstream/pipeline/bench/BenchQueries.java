package org.learnstream.pipeline.bench;

import com.clickhouse.client.api.Client;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.CookbookQuery;
import org.learnstream.pipeline.grafana.GrafanaDashboard;
import org.learnstream.pipeline.grafana.GrafanaMacros;
import org.learnstream.pipeline.grafana.GrafanaVariables;
import org.learnstream.pipeline.grafana.VariableValue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every ClickHouse query a school or a data team runs, ready to send: each dashboard panel expanded as Grafana would
 * (variables resolved against the data in declaration order, multi-value variables on "All"), then each cookbook
 * query with parameters that select one tenant, class and learner.
 */
public final class BenchQueries {

  /** Grafana's default step for a 30-day range on a wide panel. */
  public static final long INTERVAL_SECONDS = 3600;

  /** A query and where it comes from, e.g. {@code school-overview #8 'Classes' A} or {@code cookbook time_to_mastery.sql}. */
  public record NamedQuery(String label, String sql) {
  }

  private BenchQueries() {
  }

  /** The ClickHouse panel queries of every dashboard in {@code dashboardsDir}, for {@code tenant} over the range. */
  public static List<NamedQuery> panels(Client client, String database, Path dashboardsDir, String tenant,
      Instant from, Instant to) {
    String learner = learnerWithAlerts(client, database, tenant);
    List<NamedQuery> queries = new ArrayList<>();
    for (GrafanaDashboard dashboard : GrafanaDashboard.readAll(dashboardsDir)) {
      Map<String, VariableValue> fixed = Map.of(
          "database", VariableValue.of(database),
          "tenant", VariableValue.of(tenant),
          "learner", VariableValue.of(learner));
      Map<String, VariableValue> values = GrafanaVariables.resolve(dashboard, from, to, INTERVAL_SECONDS,
          sql -> ClickHouseQueries.rows(client, sql + " FORMAT JSONEachRow").stream()
              .map(row -> String.valueOf(row.values().iterator().next())).toList(),
          fixed, true);
      GrafanaMacros macros = new GrafanaMacros(from, to, INTERVAL_SECONDS, values);
      for (GrafanaDashboard.PanelQuery query : dashboard.panelQueries()) {
        if (GrafanaDashboard.CLICKHOUSE_TYPE.equals(query.datasourceType())) {
          queries.add(new NamedQuery(query.label(), macros.expand(query.query())));
        }
      }
    }
    return queries;
  }

  /** Every bundled cookbook query for {@code tenant}, course math-7, section 7A and the days of the range. */
  public static List<NamedQuery> cookbook(Client client, String database, String tenant, LocalDate firstDay,
      LocalDate lastDay) {
    Map<String, String> parameters = Map.of(
        "tenant", tenant,
        "course", BenchDataset.COURSES.get(0),
        "section", BenchDataset.SECTIONS.get(0),
        "from", firstDay.toString(),
        "to", lastDay.toString(),
        "threshold", "0.6",
        "min_attempts", "30",
        "learner", learnerWithAlerts(client, database, tenant));
    return CookbookQuery.bundled().stream()
        .map(q -> new NamedQuery("cookbook " + q.file(), q.sql(database, parameters)))
        .toList();
  }

  /** Panels and cookbook for the first tenant of {@code dataset}. */
  public static List<NamedQuery> all(Client client, String database, Path dashboardsDir, BenchDataset dataset) {
    String tenant = BenchDataset.tenant(0);
    List<NamedQuery> queries = new ArrayList<>(
        panels(client, database, dashboardsDir, tenant, dataset.from(), dataset.to()));
    queries.addAll(cookbook(client, database, tenant, dataset.firstDay(), dataset.lastDayExclusive().minusDays(1)));
    return queries;
  }

  /** The first learner (by pseudonym) of the tenant with alerts, so the learner dashboard has something to show. */
  static String learnerWithAlerts(Client client, String database, String tenant) {
    List<Map<String, Object>> rows = ClickHouseQueries.rows(client, "SELECT learner FROM " + database + ".alerts "
        + "WHERE tenant = " + ClickHouseQueries.quote(tenant) + " ORDER BY learner LIMIT 1 FORMAT JSONEachRow");
    if (rows.isEmpty()) {
      throw new IllegalStateException("Tenant " + tenant + " has no alerts in " + database
          + ".alerts; load the benchmark data first");
    }
    return (String) rows.get(0).get("learner");
  }
}
