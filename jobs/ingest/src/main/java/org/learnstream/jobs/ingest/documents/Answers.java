package org.learnstream.jobs.ingest.documents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.learnstream.pipeline.xapi.Violation;

/** Answers of the document resources; errors have the statements resource's JSON body (error, violations). */
final class Answers {

  /** Refuses trailing content: {@code {"a":1}{} is not one JSON object. */
  static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  static final String RETRY_AFTER_SECONDS = "5";

  private Answers() {
  }

  static DocumentAnswer json(int status, Map<String, String> headers, JsonNode body) {
    return new DocumentAnswer(status, headers, "application/json", bytes(body));
  }

  static DocumentAnswer noContent(Map<String, String> headers) {
    return new DocumentAnswer(204, headers, null, new byte[0]);
  }

  static DocumentAnswer error(int status, Map<String, String> headers, String error, Violation... violations) {
    return error(status, headers, error, List.of(violations));
  }

  static DocumentAnswer error(int status, Map<String, String> headers, String error, List<Violation> violations) {
    ObjectNode body = JSON.createObjectNode().put("error", error);
    ArrayNode list = body.putArray("violations");
    for (Violation v : violations) {
      list.addObject().put("path", v.path()).put("rule", v.rule()).put("message", v.message());
    }
    return json(status, headers, body);
  }

  /** 503 when the document database cannot be reached; the request changed nothing. */
  static DocumentAnswer unavailable(Map<String, String> headers, Exception cause) {
    Map<String, String> h = new HashMap<>(headers);
    h.put("Retry-After", RETRY_AFTER_SECONDS);
    return error(503, h, "unavailable", new Violation("$", "service.available", "the document database did not "
        + "answer (" + cause.getMessage() + "); nothing was changed, retry after " + RETRY_AFTER_SECONDS + " s"));
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not write a JSON answer", e);
    }
  }
}
