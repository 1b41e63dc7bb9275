package org.learnstream.jobs.notify;

import static org.learnstream.pipeline.clickhouse.ClickHouseQueries.quote;

import com.clickhouse.client.api.Client;
import java.util.List;
import java.util.Map;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;

/** Display names from the restricted {@code learner_directory} table (latest row per tenant x learner). */
public final class ClickHouseLearnerDirectory implements LearnerDirectory {

  private final Client client;
  private final String table;

  public ClickHouseLearnerDirectory(Client client, String database) {
    this.client = client;
    this.table = database + ".learner_directory";
  }

  @Override
  public String displayName(String tenant, String learner) {
    List<Map<String, Object>> rows = ClickHouseQueries.rows(client, "SELECT display_name FROM " + table
        + " FINAL WHERE tenant = " + quote(tenant) + " AND learner = " + quote(learner) + " LIMIT 1");
    return rows.isEmpty() ? null : String.valueOf(rows.get(0).get("display_name"));
  }
}
