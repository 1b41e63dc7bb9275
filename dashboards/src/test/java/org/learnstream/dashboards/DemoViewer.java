package org.learnstream.dashboards;

import com.clickhouse.client.api.Client;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.grafana.GrafanaDashboard;
import org.learnstream.pipeline.grafana.GrafanaMacros;
import org.learnstream.pipeline.grafana.GrafanaVariables;
import org.learnstream.pipeline.grafana.VariableValue;

import java.util.Map;

/**
 * A viewer of the demo cohort: the school, the learner and the time range they look at, the variable values
 * Grafana would give each dashboard, and the parameters a data team would give each cookbook query.
 */
record DemoViewer(Client client, String database, DemoCohort cohort, String tenant, String learner) {

  /** Grafana's {@code $__interval} for these tests. */
  static final long INTERVAL_SECONDS = 3600;

  /** A viewer of the cohort just loaded into {@code database}, looking at the first learner with alerts. */
  static DemoViewer of(Client client, String database, DemoCohort cohort) {
    return new DemoViewer(client, database, cohort, DemoCohort.TENANT, DemoData.learnerWithAlerts(client, database));
  }

  /** The same look at the data through another connection (another user) and database. */
  DemoViewer through(Client otherClient, String otherDatabase) {
    return new DemoViewer(otherClient, otherDatabase, cohort, tenant, learner);
  }

  /** The same viewer choosing another school (and one of its learners) in the dashboards' variables. */
  DemoViewer choosing(String otherTenant, String otherLearner) {
    return new DemoViewer(client, database, cohort, otherTenant, otherLearner);
  }

  /** Variable values as Grafana resolves them, variable queries running on this viewer's server. */
  Map<String, VariableValue> variables(GrafanaDashboard dashboard, boolean preferAll) {
    Map<String, VariableValue> fixed = Map.of(
        "database", VariableValue.of(database),
        "tenant", VariableValue.of(tenant),
        "learner", VariableValue.of(learner));
    return GrafanaVariables.resolve(dashboard, cohort.from(), cohort.to(), INTERVAL_SECONDS,
        sql -> ClickHouseQueries.rows(client, sql + " FORMAT JSONEachRow").stream()
            .map(row -> String.valueOf(row.values().iterator().next())).toList(),
        fixed, preferAll);
  }

  GrafanaMacros macros(Map<String, VariableValue> values) {
    return new GrafanaMacros(cohort.from(), cohort.to(), INTERVAL_SECONDS, values);
  }

  /** A value for every cookbook parameter: the demo school's class 7A in maths over the cohort's days. */
  Map<String, String> cookbookParameters() {
    return Map.of(
        "tenant", tenant,
        "course", "math-7",
        "section", "7A",
        "from", cohort.firstDay().toString(),
        "to", cohort.lastDay().toString(),
        "threshold", "0.6",
        "min_attempts", "30",
        "learner", learner);
  }
}
