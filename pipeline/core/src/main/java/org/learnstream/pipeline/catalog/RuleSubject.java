package org.learnstream.pipeline.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.learnstream.schemas.LearningEvent;

/**
 * What mapping rules look at: the activity, its type, and the ids of the statement's context activities by kind
 * (parent, grouping, category, other).
 */
public record RuleSubject(String activityId, String activityType, Map<String, List<String>> contextActivities) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public List<String> context(String kind) {
    return contextActivities.getOrDefault(kind, List.of());
  }

  /**
   * The subject of a response. Context activities come from the statement text when the event still carries it;
   * without it only the first parent and grouping that the event keeps (section, course) are known.
   */
  public static RuleSubject of(LearningEvent event, boolean withContext) {
    Map<String, List<String>> context = Map.of();
    if (withContext) {
      context = event.getStatementJson() == null ? kept(event) : read(event.getStatementJson());
    }
    return new RuleSubject(event.getObjectId(), event.getActivityType(), context);
  }

  private static Map<String, List<String>> kept(LearningEvent event) {
    return Map.of("parent", event.getSection() == null ? List.of() : List.of(event.getSection()),
        "grouping", event.getCourse() == null ? List.of() : List.of(event.getCourse()));
  }

  private static Map<String, List<String>> read(String statementJson) {
    JsonNode activities;
    try {
      activities = JSON.readTree(statementJson).path("context").path("contextActivities");
    } catch (IOException e) {
      return Map.of(); // the normaliser accepted it, so this does not happen; no context then matches nothing
    }
    return Map.of("parent", ids(activities.path("parent")), "grouping", ids(activities.path("grouping")),
        "category", ids(activities.path("category")), "other", ids(activities.path("other")));
  }

  /** xAPI 1.0 also allows a single activity object where a list is expected. */
  private static List<String> ids(JsonNode kind) {
    List<String> ids = new ArrayList<>();
    if (kind.isObject()) {
      addId(kind, ids);
    } else if (kind.isArray()) {
      kind.forEach(activity -> addId(activity, ids));
    }
    return ids;
  }

  private static void addId(JsonNode activity, List<String> ids) {
    if (activity.path("id").isTextual()) {
      ids.add(activity.path("id").asText());
    }
  }
}
