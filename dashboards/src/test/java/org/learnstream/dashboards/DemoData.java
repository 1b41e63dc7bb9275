package org.learnstream.dashboards;

import com.clickhouse.client.api.Client;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Loads the demo cohort into a test database and answers the questions tests ask about it. */
final class DemoData {

  private DemoData() {
  }

  /** The cohort ends yesterday, so Grafana's default "last 30 days" shows all of it. */
  static DemoCohort load(Client client, String database) {
    DemoCohort cohort = new DemoCohort(LocalDate.now(ZoneOffset.UTC), 42);
    for (String insert : cohort.inserts(database)) {
      ClickHouseQueries.execute(client, insert);
    }
    return cohort;
  }

  /** The first learner (by pseudonym) of the demo school who has alerts, practice and late events to show. */
  static String learnerWithAlerts(Client client, String database) {
    List<Map<String, Object>> rows = ClickHouseQueries.rows(client, "SELECT learner FROM " + database + ".alerts FINAL "
        + "WHERE tenant = " + ClickHouseQueries.quote(DemoCohort.TENANT)
        + " ORDER BY learner LIMIT 1 FORMAT JSONEachRow");
    if (rows.isEmpty()) {
      throw new IllegalStateException("The demo cohort raised no alerts for " + DemoCohort.TENANT);
    }
    return (String) rows.get(0).get("learner");
  }
}
