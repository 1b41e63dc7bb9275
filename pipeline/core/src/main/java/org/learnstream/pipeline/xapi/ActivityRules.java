package org.learnstream.pipeline.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** xAPI Activity and Activity Definition rules, including interaction activities (Data 2.4.4.1). */
final class ActivityRules {

  private static final Set<String> ACTIVITY_KEYS = Set.of("objectType", "id", "definition");
  private static final Set<String> DEFINITION_KEYS = Set.of("name", "description", "type", "moreInfo", "extensions",
      "interactionType", "correctResponsesPattern", "choices", "scale", "source", "target", "steps");
  private static final Set<String> COMPONENT_KEYS = Set.of("id", "description");
  private static final String[] COMPONENT_LISTS = {"choices", "scale", "source", "target", "steps"};
  /** Which interaction component lists each interactionType may carry. */
  private static final Map<String, Set<String>> COMPONENTS_BY_TYPE = Map.of(
      "true-false", Set.of(),
      "choice", Set.of("choices"),
      "fill-in", Set.of(),
      "long-fill-in", Set.of(),
      "matching", Set.of("source", "target"),
      "performance", Set.of("steps"),
      "sequencing", Set.of("choices"),
      "likert", Set.of("scale"),
      "numeric", Set.of(),
      "other", Set.of());

  private ActivityRules() {
  }

  /** An Activity whose objectType, if present, has been checked to be "Activity" by the caller. */
  static void activity(Checks c, JsonNode node, JsonPath path) {
    if (!c.object(node, path, "an Activity")) {
      return;
    }
    JsonNode type = node.get("objectType");
    if (type != null && !(type.isTextual() && "Activity".equals(type.textValue()))) {
      c.add(Checks.at(path, "objectType"), "objectType.activity", "must be \"Activity\" here, got "
          + AgentRules.describe(type));
      return;
    }
    c.knownProperties(node, path, ACTIVITY_KEYS, "an Activity");
    c.iri(node, "id", path, true, "activity.id");
    JsonNode definition = node.get("definition");
    if (definition != null) {
      definition(c, definition, Checks.at(path, "definition"));
    }
  }

  static void definition(Checks c, JsonNode def, JsonPath path) {
    if (!c.object(def, path, "an Activity Definition")) {
      return;
    }
    c.knownProperties(def, path, DEFINITION_KEYS, "an Activity Definition");
    c.languageMap(def, "name", path, false);
    c.languageMap(def, "description", path, false);
    c.iri(def, "type", path, false, "definition.type");
    c.iri(def, "moreInfo", path, false, "definition.moreInfo");
    c.extensions(def, path);
    interaction(c, def, path);
  }

  private static void interaction(Checks c, JsonNode def, JsonPath path) {
    JsonNode typeNode = def.get("interactionType");
    Set<String> allowedLists = null;
    if (typeNode != null) {
      String type = c.stringValue(typeNode, Checks.at(path, "interactionType"));
      if (type != null) {
        allowedLists = COMPONENTS_BY_TYPE.get(type);
        if (allowedLists == null) {
          c.add(Checks.at(path, "interactionType"), "interaction.type", "must be one of true-false, choice, "
              + "fill-in, long-fill-in, matching, performance, sequencing, likert, numeric, other (case-sensitive), "
              + "got \"" + Checks.abbreviate(type) + "\"");
        }
      }
    }
    JsonNode pattern = def.get("correctResponsesPattern");
    if (pattern != null) {
      JsonPath p = Checks.at(path, "correctResponsesPattern");
      if (typeNode == null) {
        c.add(p, "interaction.type-required", "needs \"interactionType\" in the same definition");
      }
      if (!pattern.isArray()) {
        c.add(p, "interaction.pattern-array", "must be an array of strings, got " + Checks.kind(pattern));
      } else {
        for (int i = 0; i < pattern.size(); i++) {
          c.stringValue(pattern.get(i), Checks.at(p, i));
        }
      }
    }
    for (String list : COMPONENT_LISTS) {
      JsonNode components = def.get(list);
      if (components == null) {
        continue;
      }
      JsonPath p = Checks.at(path, list);
      if (typeNode == null) {
        c.add(p, "interaction.type-required", "needs \"interactionType\" in the same definition");
      } else if (allowedLists != null && !allowedLists.contains(list)) {
        c.add(p, "interaction.components", "is not allowed for interactionType \"" + typeNode.asText() + "\"");
      }
      components(c, components, p);
    }
  }

  private static void components(Checks c, JsonNode list, JsonPath path) {
    if (!list.isArray()) {
      c.add(path, "interaction.components-array", "must be an array of interaction components {id, description}, "
          + "got " + Checks.kind(list));
      return;
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode component = list.get(i);
      JsonPath p = Checks.at(path, i);
      if (!c.object(component, p, "an interaction component")) {
        continue;
      }
      c.knownProperties(component, p, COMPONENT_KEYS, "an interaction component");
      String id = c.string(component, "id", p, true);
      if (id != null && !ids.add(id)) {
        c.add(Checks.at(p, "id"), "interaction.component-id-unique", "repeats id \"" + Checks.abbreviate(id)
            + "\"; ids within one component list must be distinct");
      }
      c.languageMap(component, "description", p, false);
    }
  }
}
