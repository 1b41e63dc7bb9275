package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.StatementPeople;

/**
 * Every row ClickHouse holds on one learner of one tenant, table by table, for an access request. Statements carry
 * their JSON as sent, parsed. Per-learner daily aggregates ({@code learner_daily}, {@code learner_skill_progress})
 * hold aggregate states computed from the exported events and mastery rows and are not repeated.
 *
 * <p>Statements of other actors that name the learner as an agent (the object, an instructor, a team member: what an
 * erasure of the learner deletes with them) are listed too, under {@link #NAMING_LEARNER}, by what they say of the
 * learner only: the statement's id and times, its verb, its activity and the learner's roles in it, not its text,
 * actor or result, which are the other person's (GDPR Art. 15(4)). They are found through the agent index
 * {@code statement_agents} by identifier, so an export by pseudonym alone has none.
 */
public final class LearnerExport {

  /** The table name under which the statements of other actors that name the learner are exported. */
  public static final String NAMING_LEARNER = "statements_naming_learner";

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
   * column; and under {@link #NAMING_LEARNER} the statements of other actors that name one of {@code identifiers} (the
   * learner's, e.g. an address and its mbox_sha1sum; none for a learner known by pseudonym only) as an agent.
   */
  public Map<String, List<Map<String, Object>>> rows(String tenant, List<String> learners,
      List<ActorIdentifier> identifiers) {
    String who = "tenant = " + ClickHouseQueries.quote(tenant) + " AND learner IN "
        + ClickHouseQueries.inList(learners);
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
    tables.put(NAMING_LEARNER, namingLearner(tenant, who, identifiers));
    return tables;
  }

  private List<Map<String, Object>> namingLearner(String tenant, String who, List<ActorIdentifier> identifiers) {
    if (identifiers.isEmpty()) {
      return List.of();
    }
    List<String> candidates = LearnerStatements.naming(SchoolDatabase.Sql.of(client), database, tenant, identifiers);
    if (candidates.isEmpty()) {
      return List.of();
    }
    List<String> canonicals = identifiers.stream().map(ActorIdentifier::canonical).toList();
    List<Map<String, Object>> named = new ArrayList<>();
    // the index holds every identifier in the text: a candidate counts where the learner is one of its agents
    for (Map<String, Object> row : ClickHouseQueries.rows(client, "SELECT statement_id, stored_ms, timestamp_ms, verb,"
        + " object_type, object_id, statement_json FROM " + database + ".learning_events FINAL WHERE tenant = "
        + ClickHouseQueries.quote(tenant) + " AND statement_id IN " + ClickHouseQueries.inList(candidates)
        + " AND NOT ("
        + who + ") ORDER BY stored_ms, statement_id")) {
      List<String> roles = rolesIn(row.get("statement_json"), canonicals);
      if (roles.isEmpty()) {
        continue;
      }
      Map<String, Object> said = new LinkedHashMap<>();
      said.put("statement_id", row.get("statement_id"));
      said.put("stored_ms", row.get("stored_ms"));
      said.put("timestamp_ms", row.get("timestamp_ms"));
      said.put("verb", row.get("verb"));
      // an Agent or Group object is a person's pseudonym: the learner's own, or someone else's
      String objectType = String.valueOf(row.get("object_type"));
      said.put("object_id", objectType.equals("Agent") || objectType.equals("Group") ? null : row.get("object_id"));
      said.put("roles", roles);
      named.add(said);
    }
    return named;
  }

  private static List<String> rolesIn(Object statementJson, List<String> canonicals) {
    if (!(statementJson instanceof String text)) {
      return List.of();
    }
    try {
      return StatementPeople.rolesOf(JSON.readTree(text), canonicals);
    } catch (JsonProcessingException e) {
      return List.of(); // not a statement the pipeline accepted: it names no one as an agent
    }
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
