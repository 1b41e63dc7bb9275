package org.learnstream.jobs.ingest.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.learnstream.jobs.ingest.ByteSearch;

/** The activities a statement defines: its object, a sub-statement's object and the context activities. */
final class DefinedActivities {

  /** One activity id with the definition a statement gave it. */
  record Defined(String id, ObjectNode definition) {
  }

  private static final byte[] MARKER = "\"definition\"".getBytes(StandardCharsets.UTF_8);
  private static final String[] CONTEXT_LISTS = {"parent", "grouping", "category", "other"};

  private DefinedActivities() {
  }

  /** A cheap look at the bytes: a statement without the word cannot define an activity. */
  static boolean mayDefine(byte[] json) {
    return ByteSearch.contains(json, MARKER);
  }

  static List<Defined> of(JsonNode statement) {
    List<Defined> out = new ArrayList<>();
    collect(statement, out);
    return out;
  }

  private static void collect(JsonNode statement, List<Defined> out) {
    JsonNode object = statement.path("object");
    String type = object.path("objectType").asText("Activity");
    if (type.equals("Activity")) {
      add(object, out);
    } else if (type.equals("SubStatement")) {
      collect(object, out);
    }
    JsonNode context = statement.path("context").path("contextActivities");
    for (String list : CONTEXT_LISTS) {
      JsonNode activities = context.path(list);
      if (activities.isArray()) {
        activities.forEach(a -> add(a, out));
      } else {
        add(activities, out);
      }
    }
  }

  private static void add(JsonNode activity, List<Defined> out) {
    JsonNode definition = activity.path("definition");
    if (activity.path("id").isTextual() && definition.isObject()) {
      out.add(new Defined(activity.get("id").textValue(), (ObjectNode) definition));
    }
  }
}
