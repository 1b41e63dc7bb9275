package org.learnstream.pipeline.xapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Small valid statements and dotted-path edits for validator tests. */
final class TestStatements {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private TestStatements() {
  }

  /** A minimal valid statement: mbox actor, verb with display, Activity object. */
  static ObjectNode minimal() {
    return (ObjectNode) json("""
        {"actor": {"objectType": "Agent", "name": "Ann", "mbox": "mailto:ann@example.com"},
         "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
         "object": {"id": "http://example.com/questions/q1"}}""");
  }

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad test JSON: " + text, e);
    }
  }

  /** Sets {@code a.b.c} (creating objects on the way) to the JSON value {@code valueJson}. */
  static ObjectNode with(ObjectNode root, String dottedPath, String valueJson) {
    String[] parts = dottedPath.split("\\.");
    ObjectNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode next = node.get(parts[i]);
      node = next instanceof ObjectNode o ? o : node.putObject(parts[i]);
    }
    node.set(parts[parts.length - 1], json(valueJson));
    return root;
  }

  static ObjectNode without(ObjectNode root, String dottedPath) {
    String[] parts = dottedPath.split("\\.");
    ObjectNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      node = (ObjectNode) node.get(parts[i]);
    }
    node.remove(parts[parts.length - 1]);
    return root;
  }

  static List<Violation> validate(JsonNode statement) {
    return new StatementValidator().validate(statement, XapiVersion.V1_0_3, "$");
  }

  static List<String> rules(JsonNode statement) {
    return validate(statement).stream().map(Violation::rule).toList();
  }
}
