package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every row ClickHouse holds on one learner of one tenant, table by table, for an access request. Statements carry
 * their JSON as sent, parsed. Per-learner daily aggregates ({@code learner_daily}, {@code learner_skill_progress})
 * hold aggregate states computed from the exported events and mastery rows and are not repeated.
 */
public final class LearnerExport {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Client client;
  private final String database;

  public LearnerExport(Client client, String database) {
    this.client = client;
    this.database = database;
  }

  /**
   * The learner's rows by table name, every list empty when the tenant has no such learner; of one person recorded
   * under several pseudonyms (an mbox and its mbox_sha1sum), the rows of each, with its pseudonym in their learner
   * column.
   */
  public Map<String, List<Map<String, Object>>> rows(String tenant, List<String> learners) {
    String who = "tenant = " + ClickHouseQueries.quote(tenant) + " AND learner IN ("
        + learners.stream().map(ClickHouseQueries::quote).collect(Collectors.joining(", ")) + ")";
    String digests = learners.stream().map(learner -> "startsWith(alert_id, "
        + ClickHouseQueries.quote("digest:" + learner + ":") + ")").collect(Collectors.joining(" OR "));
    String alertsOfLearner = "SELECT alert_id FROM " + database + ".alerts WHERE " + who;
    Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
    tables.put("learner_directory", select("learner_directory FINAL", who, "updated_at"));
    tables.put("learning_events", select("learning_events FINAL", who, "timestamp_ms, statement_id"));
    tables.put("late_events", select("late_events FINAL", who, "timestamp_ms, statement_id"));
    tables.put("mastery_updates", select("mastery_updates FINAL", who, "skill, event_time_ms, statement_id"));
    tables.put("mastery_current", select("mastery_current FINAL", who, "skill"));
    tables.put("alerts", select("alerts FINAL", who, "raised_at, alert_id"));
    tables.put("alert_deliveries", select("alert_deliveries FINAL", "alert_id IN (" + alertsOfLearner + ")"
        + " OR " + digests, "at, alert_id"));
    return tables;
  }

  private List<Map<String, Object>> select(String from, String where, String order) {
    List<Map<String, Object>> rows = ClickHouseQueries.rows(client, "SELECT * FROM " + database + "." + from
        + " WHERE " + where + " ORDER BY " + order);
    rows.forEach(LearnerExport::parseStatement);
    return rows;
  }

  private static void parseStatement(Map<String, Object> row) {
    if (row.get("statement_json") instanceof String text) {
      try {
        row.put("statement_json", JSON.readTree(text));
      } catch (JsonProcessingException e) {
        // kept as the text it is: the export shows what is held, readable or not
      }
    }
  }
}
