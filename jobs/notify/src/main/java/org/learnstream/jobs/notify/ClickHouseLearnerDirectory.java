package org.learnstream.jobs.notify;

import static org.learnstream.pipeline.clickhouse.ClickHouseQueries.quote;

import com.clickhouse.client.api.Client;
import java.util.List;
import java.util.Map;
import org.learnstream.pipeline.clickhouse.AuditLog;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;

/**
 * Display names from the restricted {@code learner_directory} table (latest row per tenant x learner). Every look-up
 * is a read of identifying data and is recorded in the audit trail (by the notifier, the learner's
 * {@link org.learnstream.pipeline.xapi.LearnerDigest} as its target, never the pseudonym) before the name is
 * handed out.
 */
public final class ClickHouseLearnerDirectory implements LearnerDirectory {

  /** Who reads the directory, in the audit trail. */
  static final String READER = "notifier";

  private final Client client;
  private final String table;
  private final AuditLog audit;

  public ClickHouseLearnerDirectory(Client client, String database) {
    this.client = client;
    this.table = database + ".learner_directory";
    this.audit = new AuditLog(client, database);
  }

  @Override
  public String displayName(String tenant, String learner) {
    audit.recordRoutineOnLearner(READER, tenant, "learner-directory look-up", learner);
    List<Map<String, Object>> rows = ClickHouseQueries.rows(client, "SELECT display_name FROM " + table
        + " FINAL WHERE tenant = " + quote(tenant) + " AND learner = " + quote(learner) + " LIMIT 1");
    return rows.isEmpty() ? null : String.valueOf(rows.get(0).get("display_name"));
  }
}
