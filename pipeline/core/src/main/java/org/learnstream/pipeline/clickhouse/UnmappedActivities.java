package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.learnstream.pipeline.catalog.SkillSuggestions;
import org.learnstream.pipeline.catalog.SkillSuggestions.Response;

/**
 * The data behind the unmapped-activities report of one school: its responses with the skills the job traced them
 * under ({@code learning_events} joined with {@code mastery_updates}), and the suggestions a data team has decided
 * ({@code skill_suggestion_decisions}).
 */
public final class UnmappedActivities {

  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  /** Accepted: the pair became a mapping rule; rejected: the skill does not fit the activity. */
  public enum Decision {
    accepted, rejected
  }

  private final Client client;
  private final String database;

  public UnmappedActivities(Client client, String database) {
    this.client = client;
    this.database = database;
  }

  /** The report of {@code tenant} over the responses since {@code since}, decided suggestions left out. */
  public List<SkillSuggestions.Unmapped> report(String tenant, Instant since, int suggestionsPerActivity) {
    Set<String> decided = decided(tenant);
    return SkillSuggestions.report(responses(tenant, since),
        (activity, skill) -> decided.contains(activity + "\u0000" + skill), suggestionsPerActivity);
  }

  /** Records a decision on a suggested skill; the newest decision on a pair wins. */
  public void decide(String tenant, String activity, String skill, Decision decision, Instant at) {
    ClickHouseQueries.execute(client, "INSERT INTO " + database + ".skill_suggestion_decisions"
        + " (tenant, activity, skill, decision, decided_at) VALUES (" + ClickHouseQueries.quote(tenant) + ", "
        + ClickHouseQueries.quote(activity) + ", " + ClickHouseQueries.quote(skill) + ", '" + decision + "', '"
        + DATE_TIME.format(at) + "')");
  }

  private Set<String> decided(String tenant) {
    Set<String> decided = new HashSet<>();
    for (Map<String, Object> row : ClickHouseQueries.rows(client, "SELECT activity, skill FROM " + database
        + ".skill_suggestion_decisions FINAL WHERE tenant = " + ClickHouseQueries.quote(tenant))) {
      decided.add(row.get("activity") + "\u0000" + row.get("skill"));
    }
    return decided;
  }

  private List<Response> responses(String tenant, Instant since) {
    String t = ClickHouseQueries.quote(tenant);
    String responses = database + ".learning_events FINAL WHERE tenant = " + t + " AND kind = 'RESPONSE' AND "
        + "timestamp_ms >= " + since.toEpochMilli();
    // only the courses and sections where something is unmapped: suggestions come from there
    String unmappedContexts = "SELECT DISTINCT ifNull(course, ''), ifNull(section, '') FROM " + responses
        + " AND (statement_id, object_id) IN (SELECT statement_id, skill FROM " + database
        + ".mastery_updates WHERE tenant = " + t + ")";
    String sql = "SELECT learner, ifNull(course, '') AS course_id, ifNull(section, '') AS section_id, object_id,"
        + " timestamp_ms, success, traced FROM ("
        + "SELECT statement_id, learner, course, section, object_id, timestamp_ms, success FROM " + responses
        + " AND (ifNull(course, ''), ifNull(section, '')) IN (" + unmappedContexts + ")"
        + ") ALL INNER JOIN (SELECT statement_id, groupUniqArray(skill) AS traced FROM " + database
        + ".mastery_updates FINAL WHERE tenant = " + t + " AND voided = 0 GROUP BY statement_id) USING statement_id";
    return ClickHouseQueries.rows(client, sql).stream().map(UnmappedActivities::response).toList();
  }

  @SuppressWarnings("unchecked")
  private static Response response(Map<String, Object> row) {
    Object success = row.get("success");
    return new Response((String) row.get("learner"), (String) row.get("course_id"), (String) row.get("section_id"),
        (String) row.get("object_id"), Long.parseLong(String.valueOf(row.get("timestamp_ms"))),
        success == null ? null : ((Number) success).intValue() == 1, ((List<String>) row.get("traced")).stream()
            .sorted().toList());
  }
}
