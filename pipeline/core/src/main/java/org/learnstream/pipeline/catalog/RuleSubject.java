package org.learnstream.pipeline.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.learnstream.schemas.LearningEvent;

/**
 * What mapping rules look at: the activity, its type, and the ids of the statement's context activities by kind
 * (parent, grouping, category, other); under {@link #ID_NUMBER}, the ID numbers that Moodle's logstore_xapi adds to
 * the object and the context activities (definition extension {@link #EXTERNAL_ID}, setting "Send course and
 * activity ID number").
 */
public record RuleSubject(String activityId, String activityType, Map<String, List<String>> contextActivities) {

  /** The kind under which the LMS's ID numbers of the object and its context activities are listed. */
  public static final String ID_NUMBER = "idNumber";
  /** The definition extension in which Moodle's logstore_xapi sends a course's or an activity's ID number. */
  public static final String EXTERNAL_ID = "https://w3id.org/learning-analytics/learning-management-system/external-id";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> KINDS = List.of("parent", "grouping", "category", "other");

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

  /** The subject of a statement's text: its object, the type of that, and its context activities and ID numbers. */
  static RuleSubject ofStatement(String statementJson) throws IOException {
    JsonNode object = JSON.readTree(statementJson).path("object");
    return new RuleSubject(object.path("id").asText(null), object.path("definition").path("type").asText(null),
        read(statementJson));
  }

  private static Map<String, List<String>> read(String statementJson) {
    JsonNode statement;
    try {
      statement = JSON.readTree(statementJson);
    } catch (IOException e) {
      return Map.of(); // the normaliser accepted it, so this does not happen; no context then matches nothing
    }
    JsonNode activities = statement.path("context").path("contextActivities");
    Map<String, List<String>> read = new HashMap<>();
    List<String> idNumbers = new ArrayList<>();
    addIdNumber(statement.path("object"), idNumbers);
    for (String kind : KINDS) {
      List<JsonNode> listed = listed(activities.path(kind));
      read.put(kind, listed.stream().filter(a -> a.path("id").isTextual()).map(a -> a.path("id").asText()).toList());
      listed.forEach(activity -> addIdNumber(activity, idNumbers));
    }
    read.put(ID_NUMBER, idNumbers);
    return read;
  }

  /** xAPI 1.0 also allows a single activity object where a list is expected. */
  private static List<JsonNode> listed(JsonNode kind) {
    List<JsonNode> activities = new ArrayList<>();
    if (kind.isObject()) {
      activities.add(kind);
    } else if (kind.isArray()) {
      kind.forEach(activities::add);
    }
    return activities;
  }

  /** Moodle sends an empty ID number as null or "": neither names anything. */
  private static void addIdNumber(JsonNode activity, List<String> idNumbers) {
    JsonNode idNumber = activity.path("definition").path("extensions").path(EXTERNAL_ID);
    if (idNumber.isTextual() && !idNumber.asText().isBlank() && !idNumbers.contains(idNumber.asText().strip())) {
      idNumbers.add(idNumber.asText().strip());
    }
  }
}
