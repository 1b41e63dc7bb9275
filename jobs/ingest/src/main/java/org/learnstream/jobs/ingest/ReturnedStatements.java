package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stored statement as the statements resource returns it: a context activity sent as a single object comes back in
 * an array (xAPI Data 2.4.6.2: the LRS returns every contextActivities value as an array), in the statement and in a
 * contained SubStatement. The stored text itself stays as accepted.
 */
final class ReturnedStatements {

  private ReturnedStatements() {
  }

  static JsonNode asReturned(JsonNode statement) {
    if (!hasSingleContextActivity(statement) && !hasSingleContextActivity(statement.path("object"))) {
      return statement;
    }
    ObjectNode copy = statement.deepCopy();
    wrapSingleContextActivities(copy);
    if (copy.path("object").isObject()) {
      wrapSingleContextActivities((ObjectNode) copy.get("object"));
    }
    return copy;
  }

  private static boolean hasSingleContextActivity(JsonNode statement) {
    for (JsonNode value : statement.path("context").path("contextActivities")) {
      if (value.isObject()) {
        return true;
      }
    }
    return false;
  }

  private static void wrapSingleContextActivities(ObjectNode statement) {
    JsonNode activities = statement.path("context").path("contextActivities");
    if (!activities.isObject()) {
      return;
    }
    List<Map.Entry<String, JsonNode>> singles = new ArrayList<>();
    activities.fields().forEachRemaining(e -> {
      if (e.getValue().isObject()) {
        singles.add(e);
      }
    });
    for (Map.Entry<String, JsonNode> e : singles) {
      ArrayNode list = ((ObjectNode) activities).arrayNode().add(e.getValue());
      ((ObjectNode) activities).set(e.getKey(), list);
    }
  }
}
