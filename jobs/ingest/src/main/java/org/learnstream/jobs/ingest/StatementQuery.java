package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.learnstream.pipeline.xapi.Violation;

/**
 * The filters of {@code GET /statements} without a statement id (xAPI Communication 2.1.3): agent, verb, activity,
 * registration, related_activities, related_agents, since, until, limit, format, ascending, and the position
 * ({@code cursor}) a {@code more} link continues from.
 *
 * @param agentIdentifier {@link ActorKey#identifier} of the agent parameter, or null
 * @param cursor where the previous page ended ({@code <stored ms>_<statement id>}), or null
 */
public record StatementQuery(String agentIdentifier, String verb, String activity, String registration,
    boolean relatedActivities, boolean relatedAgents, Long sinceMillis, Long untilMillis, int limit,
    boolean ascending, String cursor, Map<String, String> parameters) {

  /** The most statements one page holds, also what {@code limit=0} asks for. */
  public static final int MAX_LIMIT = 500;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> KNOWN = Set.of("agent", "verb", "activity", "registration",
      "related_activities", "related_agents", "since", "until", "limit", "format", "attachments", "ascending",
      "cursor");

  /** A query, or why the parameters cannot make one. */
  public sealed interface Parsed permits Valid, Invalid {
  }

  public record Valid(StatementQuery query) implements Parsed {
  }

  public record Invalid(List<Violation> violations) implements Parsed {
  }

  public static Parsed parse(Map<String, String> parameters) {
    List<Violation> problems = new ArrayList<>();
    parameters.keySet().stream().filter(k -> !KNOWN.contains(k)).sorted().forEach(k -> problems.add(
        new Violation("query:" + k, "query.parameter", "is not a parameter of GET /statements; known: "
            + String.join(", ", new TreeSet<>(KNOWN)))));
    String agent = agent(parameters.get("agent"), problems);
    String registration = parameters.get("registration");
    if (registration != null && !registration.matches("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")) {
      problems.add(new Violation("query:registration", "uuid.format", "must be a UUID, got '" + registration + "'"));
    }
    StatementFormat.problem(parameters.get("format")).ifPresent(problems::add);
    int limit = limit(parameters.get("limit"), problems);
    String cursor = parameters.get("cursor");
    if (cursor != null && !cursor.matches("\\d+_[0-9a-f-]{36}")) {
      problems.add(new Violation("query:cursor", "query.cursor", "is not a position this server wrote into a more "
          + "link; follow the link as given"));
    }
    StatementQuery query = new StatementQuery(agent, parameters.get("verb"), parameters.get("activity"),
        registration == null ? null : registration.toLowerCase(),
        flag(parameters, "related_activities", problems), flag(parameters, "related_agents", problems),
        time(parameters, "since", problems), time(parameters, "until", problems), limit,
        flag(parameters, "ascending", problems), cursor, parameters);
    return problems.isEmpty() ? new Valid(query) : new Invalid(problems);
  }

  /** The {@code more} link: the same query from after {@code storedMillis}/{@code statementId}. */
  public String moreLink(long storedMillis, String statementId) {
    Map<String, String> next = new TreeMap<>(parameters);
    next.put("cursor", storedMillis + "_" + statementId);
    StringBuilder link = new StringBuilder("/xapi/statements?");
    next.forEach((k, v) -> link.append(link.charAt(link.length() - 1) == '?' ? "" : "&")
        .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return link.toString();
  }

  private static String agent(String value, List<Violation> problems) {
    if (value == null) {
      return null;
    }
    try {
      JsonNode agent = JSON.readTree(value);
      String identifier = ActorKey.identifier(agent);
      if (!"unknown".equals(identifier)) {
        return identifier;
      }
    } catch (JsonProcessingException e) {
      // worded below
    }
    problems.add(new Violation("query:agent", "query.agent", "must be the JSON of an Agent or identified Group with "
        + "one of mbox, mbox_sha1sum, openid, account"));
    return null;
  }

  private static int limit(String value, List<Violation> problems) {
    if (value == null) {
      return MAX_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 0) {
        return limit == 0 ? MAX_LIMIT : Math.min(limit, MAX_LIMIT);
      }
    } catch (NumberFormatException e) {
      // worded below
    }
    problems.add(new Violation("query:limit", "query.limit", "must be a non-negative integer, got '" + value + "'"));
    return MAX_LIMIT;
  }

  private static boolean flag(Map<String, String> parameters, String name, List<Violation> problems) {
    String value = parameters.get(name);
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    problems.add(new Violation("query:" + name, "query.boolean", "must be true or false, got '" + value + "'"));
    return false;
  }

  private static Long time(Map<String, String> parameters, String name, List<Violation> problems) {
    String value = parameters.get(name);
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(value).toEpochMilli();
      } catch (DateTimeParseException again) {
        problems.add(new Violation("query:" + name, "timestamp.iso8601", "must be an ISO 8601 timestamp with a time "
            + "zone, got '" + value + "'"));
        return null;
      }
    }
  }
}
