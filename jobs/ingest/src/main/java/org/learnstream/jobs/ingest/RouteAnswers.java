package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import org.learnstream.pipeline.xapi.Violation;

/**
 * JSON answers of the routes beside xAPI (admin, subscriptions), shaped as the statements resource's errors are:
 * {@code {"error": ..., "violations": [{"path", "rule", "message"}]}}.
 */
public final class RouteAnswers {

  static final ObjectMapper JSON = new ObjectMapper();

  private RouteAnswers() {
  }

  public static void json(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType("application/json").result(body.toString());
  }

  public static void error(Context ctx, int status, String error, List<Violation> violations) {
    ObjectNode body = JSON.createObjectNode().put("error", error);
    ArrayNode list = body.putArray("violations");
    for (Violation v : violations) {
      list.addObject().put("path", v.path()).put("rule", v.rule()).put("message", v.message());
    }
    json(ctx, status, body);
  }

  public static void error(Context ctx, int status, String error, Violation violation) {
    error(ctx, status, error, List.of(violation));
  }

  /** The request body as a JSON object, or a 400 naming the rule answered and empty returned. */
  public static java.util.Optional<ObjectNode> objectBody(Context ctx) {
    try {
      JsonNode node = JSON.readTree(ctx.bodyAsBytes());
      if (node instanceof ObjectNode object) {
        return java.util.Optional.of(object);
      }
    } catch (java.io.IOException e) {
      // answered below, as a body that is not an object
    }
    error(ctx, 400, "invalid request", new Violation("$", "body.json-object", "send a JSON object"));
    return java.util.Optional.empty();
  }
}
