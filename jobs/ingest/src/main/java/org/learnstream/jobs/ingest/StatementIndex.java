package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;

/**
 * The ordered table that narrows a query to the statements of one filter value, and that value: {@code
 * statement_keys} for a registration, a plain activity or a verb, {@code statement_agents} for an agent (see
 * migrations V072 and V080). Each holds (tenant, value, stored_ms, statement_id) in key order, so the statements of one
 * value in a span of stored time are one range of the table.
 *
 * @param table the table's name without the database
 * @param column the column holding the value
 * @param value the value the query asks for, spelled as the table holds it
 */
record StatementIndex(String table, String column, String value) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The rarest of the query's filters that a table holds (a registration is one learner's attempt, an agent one
   * learner's statements, an activity one item's), or null when it has none of them.
   */
  static StatementIndex of(StatementQuery q) {
    if (q.registration() != null) {
      return keys("registration " + q.registration());
    }
    String agent = agentValue(q.parameters().get("agent"));
    if (agent != null) {
      return new StatementIndex("statement_agents", "agent", agent);
    }
    if (q.activity() != null && !q.relatedActivities()) {
      return keys("activity " + q.activity());
    }
    return q.verb() == null ? null : keys("verb " + q.verb());
  }

  private static StatementIndex keys(String value) {
    return new StatementIndex("statement_keys", "key", value);
  }

  /**
   * The identifier {@link ActorKey#identifier} compares, as statement_agents spells it: the value as it stands in
   * the statement's JSON text (escaped), mbox and mbox_sha1sum in lower case; an account by its name (the filter on the
   * JSON then compares the home page too). Null for an agent without one (an anonymous group).
   */
  static String agentValue(String agentParameter) {
    if (agentParameter == null) {
      return null;
    }
    JsonNode agent;
    try {
      agent = JSON.readTree(agentParameter);
    } catch (IOException e) {
      return null; // StatementQuery refuses it
    }
    if (agent == null || !agent.isObject()) {
      return null;
    }
    if (agent.hasNonNull("mbox")) {
      return "mbox:" + escaped(agent.get("mbox").asText().trim().toLowerCase(Locale.ROOT));
    }
    if (agent.hasNonNull("mbox_sha1sum")) {
      return "mbox_sha1sum:" + escaped(agent.get("mbox_sha1sum").asText().trim().toLowerCase(Locale.ROOT));
    }
    if (agent.hasNonNull("openid")) {
      return "openid:" + escaped(agent.get("openid").asText().trim());
    }
    JsonNode account = agent.get("account");
    if (account != null && account.isObject()) {
      return "account:" + escaped(account.path("name").asText());
    }
    return null;
  }

  private static String escaped(String text) {
    return new String(JsonStringEncoder.getInstance().quoteAsString(text));
  }
}
