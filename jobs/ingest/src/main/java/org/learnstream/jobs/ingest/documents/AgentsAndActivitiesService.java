package org.learnstream.jobs.ingest.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.learnstream.jobs.ingest.TenantCredentials;
import org.learnstream.jobs.ingest.documents.RequestGate.Passed;
import org.learnstream.pipeline.xapi.RequestParameterRules;

/**
 * {@code GET /agents}: the Person object of an agent; {@code GET /activities}: the activity as the LRS knows it,
 * with the definitions of the tenant's statements merged, or just its id when no statement defined it (the spec
 * requires an Activity object either way).
 */
public final class AgentsAndActivitiesService {

  private static final String[] PERSON_LISTS = {"name", "mbox", "mbox_sha1sum", "openid", "account"};

  private final RequestGate gate;
  private final ActivityDefinitions definitions;
  private final RequestParameterRules rules;

  public AgentsAndActivitiesService(TenantCredentials credentials, ActivityDefinitions definitions,
      RequestParameterRules rules) {
    this.gate = new RequestGate(credentials);
    this.definitions = definitions;
    this.rules = rules;
  }

  /**
   * The Person combines every agent the LRS knows to be the same person; this LRS links no agents, so the Person
   * holds the requested agent's own name and identifier, each as a one-element list.
   */
  public DocumentAnswer agents(DocumentRequest request) {
    Passed passed = gate.check(request);
    if (passed.refused()) {
      return passed.refusal();
    }
    QueryParameters params = new QueryParameters(request, rules, passed.version());
    params.agent(true);
    if (!params.problems.isEmpty()) {
      return Answers.error(400, passed.headers(), "invalid request", params.problems);
    }
    JsonNode agent = params.agentJson(request.param("agent"));
    ObjectNode person = Answers.JSON.createObjectNode().put("objectType", "Person");
    for (String list : PERSON_LISTS) {
      if (agent.hasNonNull(list)) {
        person.putArray(list).add(agent.get(list));
      }
    }
    return Answers.json(200, passed.headers(), person);
  }

  public DocumentAnswer activities(DocumentRequest request) {
    Passed passed = gate.check(request);
    if (passed.refused()) {
      return passed.refusal();
    }
    Map<String, String> headers = passed.headers();
    QueryParameters params = new QueryParameters(request, rules, passed.version());
    String activityId = params.activityId(true);
    if (!params.problems.isEmpty()) {
      return Answers.error(400, headers, "invalid request", params.problems);
    }
    try {
      ObjectNode activity = Answers.JSON.createObjectNode().put("objectType", "Activity").put("id", activityId);
      Optional<ObjectNode> definition = definitions.find(passed.principal().tenant(), activityId);
      definition.ifPresent(d -> activity.set("definition", d));
      return Answers.json(200, headers, activity);
    } catch (SQLException e) {
      return Answers.unavailable(headers, e);
    }
  }
}
