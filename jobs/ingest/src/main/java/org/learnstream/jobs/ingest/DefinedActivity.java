package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An activity a statement defines: its id and the definition the statement gave it. Taken from the tree the endpoint
 * parsed and validated the statement as, so that keeping the Activities resource current costs neither a second
 * parse nor a scan of the accepted bytes; the definition is the tree's own node, which nothing changes after
 * preparation.
 */
public record DefinedActivity(String id, ObjectNode definition) {

  /**
   * The activities {@code statement} defines, in the order they appear: its object when that is an Activity (no
   * objectType, or "Activity"), a sub-statement's object and context activities, and every context activity (each
   * list one object or an array of them). An activity counts when its id is text and its definition an object.
   */
  public static List<DefinedActivity> in(JsonNode statement) {
    List<DefinedActivity> out = new ArrayList<>(2);
    statementMembers(statement, out);
    return out;
  }

  private static void statementMembers(JsonNode statement, List<DefinedActivity> out) {
    JsonNode object = statement.get("object");
    if (object != null && object.isObject()) {
      JsonNode type = object.get("objectType");
      if (type == null || type.isNull() || "Activity".equals(type.textValue())) {
        add(object, out);
      } else if ("SubStatement".equals(type.textValue())) {
        statementMembers(object, out);
      }
    }
    JsonNode lists = statement.path("context").path("contextActivities");
    if (lists.isObject()) {
      for (JsonNode list : lists) {
        if (list.isArray()) {
          list.forEach(activity -> add(activity, out));
        } else {
          add(list, out);
        }
      }
    }
  }

  private static void add(JsonNode activity, List<DefinedActivity> out) {
    JsonNode id = activity.get("id");
    JsonNode definition = activity.get("definition");
    if (id != null && id.isTextual() && definition instanceof ObjectNode d) {
      out.add(new DefinedActivity(id.textValue(), d));
    }
  }
}
