package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent and activity filters of a {@link StatementQuery} on a statement's JSON: the narrow form (actor or object;
 * object) and the broad one of {@code related_agents} / {@code related_activities}, which reaches into the context and
 * a contained SubStatement. They run on the statements the store's coarser filters let through.
 */
final class StatementFilter {

  private static final String[] CONTEXT_ACTIVITY_KINDS = {"parent", "grouping", "category", "other"};

  private StatementFilter() {
  }

  static boolean matches(JsonNode statement, StatementQuery query) {
    return (query.agentIdentifier() == null || agents(statement, query.relatedAgents()).stream()
        .anyMatch(a -> query.agentIdentifier().equals(ActorKey.identifier(a))))
        && (query.activity() == null || activities(statement, query.relatedActivities()).stream()
            .anyMatch(a -> query.activity().equals(a.path("id").asText(null))));
  }

  private static List<JsonNode> agents(JsonNode s, boolean related) {
    List<JsonNode> out = new ArrayList<>();
    out.add(s.path("actor"));
    JsonNode object = s.path("object");
    String type = object.path("objectType").asText("Activity");
    if (type.equals("Agent") || type.equals("Group")) {
      out.add(object);
    }
    if (related) {
      out.add(s.path("authority"));
      JsonNode context = s.path("context");
      out.add(context.path("instructor"));
      out.add(context.path("team"));
      context.path("contextAgents").forEach(a -> out.add(a.path("agent")));
      context.path("contextGroups").forEach(g -> out.add(g.path("group")));
      if (type.equals("SubStatement")) {
        out.addAll(agents(object, true));
      }
    }
    return out;
  }

  private static List<JsonNode> activities(JsonNode s, boolean related) {
    List<JsonNode> out = new ArrayList<>();
    JsonNode object = s.path("object");
    String type = object.path("objectType").asText("Activity");
    if (type.equals("Activity")) {
      out.add(object);
    }
    if (related) {
      JsonNode contextActivities = s.path("context").path("contextActivities");
      for (String kind : CONTEXT_ACTIVITY_KINDS) {
        JsonNode list = contextActivities.path(kind);
        if (list.isArray()) {
          list.forEach(out::add);
        } else if (list.isObject()) {
          out.add(list);
        }
      }
      if (type.equals("SubStatement")) {
        out.addAll(activities(object, true));
      }
    }
    return out;
  }
}
