package org.learnstream.pipeline.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** xAPI Result, Context and Attachment rules (Data 2.4.5, 2.4.6, 2.4.11). */
final class ContextResultRules {

  private static final Set<String> RESULT_KEYS = Set.of("score", "success", "completion", "response", "duration",
      "extensions");
  private static final Set<String> SCORE_KEYS = Set.of("scaled", "raw", "min", "max");
  private static final Set<String> CONTEXT_KEYS_1 = Set.of("registration", "instructor", "team",
      "contextActivities", "revision", "platform", "language", "statement", "extensions");
  private static final Set<String> CONTEXT_KEYS_2 = Set.of("registration", "instructor", "team",
      "contextActivities", "revision", "platform", "language", "statement", "extensions", "contextAgents",
      "contextGroups");
  private static final Set<String> CONTEXT_ACTIVITIES_KEYS = Set.of("parent", "grouping", "category", "other");
  private static final Set<String> STATEMENT_REF_KEYS = Set.of("objectType", "id");
  private static final Set<String> ATTACHMENT_KEYS = Set.of("usageType", "display", "description", "contentType",
      "length", "sha2", "fileUrl");
  private static final Set<String> CONTEXT_AGENT_KEYS = Set.of("objectType", "agent", "relevantTypes");
  private static final Set<String> CONTEXT_GROUP_KEYS = Set.of("objectType", "group", "relevantTypes");

  private ContextResultRules() {
  }

  static void result(Checks c, JsonNode result, JsonPath path) {
    if (!c.object(result, path, "a Result")) {
      return;
    }
    c.knownProperties(result, path, RESULT_KEYS, "a Result");
    JsonNode score = result.get("score");
    if (score != null) {
      score(c, score, Checks.at(path, "score"));
    }
    bool(c, result, "success", path);
    bool(c, result, "completion", path);
    c.string(result, "response", path, false);
    String duration = c.string(result, "duration", path, false);
    if (duration != null && !XapiSyntax.isDuration(duration)) {
      c.add(Checks.at(path, "duration"), "duration.iso8601", "must be an ISO 8601 duration such as PT1M30.5S or "
          + "P1DT2H (weeks only alone, as P2W), got \"" + Checks.abbreviate(duration) + "\"");
    }
    c.extensions(result, path);
  }

  private static void bool(Checks c, JsonNode parent, String key, JsonPath path) {
    JsonNode v = parent.get(key);
    if (v != null && !v.isBoolean()) {
      c.add(Checks.at(path, key), "type.boolean", "must be true or false (a JSON boolean), got " + Checks.kind(v));
    }
  }

  private static void score(Checks c, JsonNode score, JsonPath path) {
    if (!c.object(score, path, "a Score")) {
      return;
    }
    c.knownProperties(score, path, SCORE_KEYS, "a Score");
    Double scaled = number(c, score, "scaled", path);
    Double raw = number(c, score, "raw", path);
    Double min = number(c, score, "min", path);
    Double max = number(c, score, "max", path);
    if (scaled != null && (scaled < -1 || scaled > 1)) {
      c.add(Checks.at(path, "scaled"), "score.scaled.range", "must be between -1 and 1 inclusive, got " + scaled);
    }
    if (min != null && max != null && !(min < max)) {
      c.add(Checks.at(path, "min"), "score.min-max", "must be less than max (" + max + "), got " + min);
    }
    if (raw != null && ((min != null && raw < min) || (max != null && raw > max))) {
      c.add(Checks.at(path, "raw"), "score.raw.range", "must be between min and max, got " + raw);
    }
  }

  private static Double number(Checks c, JsonNode parent, String key, JsonPath path) {
    JsonNode v = parent.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isNumber()) {
      c.add(Checks.at(path, key), "type.number", "must be a JSON number, got " + Checks.kind(v));
      return null;
    }
    return v.doubleValue();
  }

  /** Context; {@code objectIsActivity} decides whether revision and platform are allowed. */
  static void context(Checks c, JsonNode context, JsonPath path, boolean objectIsActivity) {
    if (!c.object(context, path, "a Context")) {
      return;
    }
    c.knownProperties(context, path, c.version == XapiVersion.V2_0_0 ? CONTEXT_KEYS_2 : CONTEXT_KEYS_1,
        "a Context" + (c.version == XapiVersion.V1_0_3 ? " in xAPI 1.0.x" : ""));
    c.uuid(context, "registration", path, false);
    JsonNode instructor = context.get("instructor");
    if (instructor != null) {
      AgentRules.agentOrGroup(c, instructor, Checks.at(path, "instructor"));
    }
    JsonNode team = context.get("team");
    if (team != null) {
      AgentRules.group(c, team, Checks.at(path, "team"));
    }
    JsonNode activities = context.get("contextActivities");
    if (activities != null) {
      contextActivities(c, activities, Checks.at(path, "contextActivities"));
    }
    for (String key : new String[] {"revision", "platform"}) {
      if (c.string(context, key, path, false) != null && !objectIsActivity) {
        c.add(Checks.at(path, key), "context." + key + "-activity-only",
            "may only be used when the statement's object is an Activity");
      }
    }
    String language = c.string(context, "language", path, false);
    if (language != null && !XapiSyntax.isLanguageTag(language)) {
      c.add(Checks.at(path, "language"), "langmap.tag", "must be an RFC 5646 language tag such as en-US, got \""
          + Checks.abbreviate(language) + "\"");
    }
    JsonNode statement = context.get("statement");
    if (statement != null) {
      statementRef(c, statement, Checks.at(path, "statement"));
    }
    c.extensions(context, path);
    if (c.version == XapiVersion.V2_0_0) {
      contextActors(c, context.get("contextAgents"), Checks.at(path, "contextAgents"), "contextAgent", "agent");
      contextActors(c, context.get("contextGroups"), Checks.at(path, "contextGroups"), "contextGroup", "group");
    }
  }

  private static void contextActivities(Checks c, JsonNode node, JsonPath path) {
    if (!c.object(node, path, "contextActivities with parent/grouping/category/other")) {
      return;
    }
    c.knownProperties(node, path, CONTEXT_ACTIVITIES_KEYS, "contextActivities");
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonPath p = Checks.at(path, e.getKey());
      JsonNode v = e.getValue();
      if (v.isArray()) {
        for (int i = 0; i < v.size(); i++) {
          ActivityRules.activity(c, v.get(i), Checks.at(p, i));
        }
      } else if (v.isObject()) {
        ActivityRules.activity(c, v, p);
      } else {
        c.add(p, "context.activities-type", "must be an Activity or an array of Activities, got " + Checks.kind(v));
      }
    }
  }

  /** A Statement Reference: objectType "StatementRef" and a UUID id. */
  static void statementRef(Checks c, JsonNode node, JsonPath path) {
    if (!c.object(node, path, "a StatementRef")) {
      return;
    }
    JsonNode type = node.get("objectType");
    if (type == null || !(type.isTextual() && "StatementRef".equals(type.textValue()))) {
      c.add(Checks.at(path, "objectType"), "statementref.type", "must be \"StatementRef\", got "
          + (type == null ? "none" : AgentRules.describe(type)));
    }
    c.knownProperties(node, path, STATEMENT_REF_KEYS, "a StatementRef");
    c.uuid(node, "id", path, true);
  }

  private static void contextActors(Checks c, JsonNode list, JsonPath path, String objectType, String actorKey) {
    if (list == null) {
      return;
    }
    if (!list.isArray()) {
      c.add(path, "context.agents-array", "must be an array of " + objectType + " objects, got " + Checks.kind(list));
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      JsonPath p = Checks.at(path, i);
      if (!c.object(item, p, "a " + objectType)) {
        continue;
      }
      c.knownProperties(item, p, "agent".equals(actorKey) ? CONTEXT_AGENT_KEYS : CONTEXT_GROUP_KEYS, "a " + objectType);
      String type = c.string(item, "objectType", p, true);
      if (type != null && !objectType.equals(type)) {
        c.add(Checks.at(p, "objectType"), "objectType." + objectType, "must be \"" + objectType + "\"");
      }
      JsonNode actor = item.get(actorKey);
      if (actor == null) {
        c.add(Checks.at(p, actorKey), "property.required", "is required");
      } else if ("agent".equals(actorKey)) {
        AgentRules.agent(c, actor, Checks.at(p, actorKey));
      } else {
        AgentRules.group(c, actor, Checks.at(p, actorKey));
      }
      JsonNode types = item.get("relevantTypes");
      if (types != null) {
        JsonPath tp = Checks.at(p, "relevantTypes");
        if (!types.isArray() || types.isEmpty()) {
          c.add(tp, "context.relevant-types", "must be a non-empty array of IRIs");
        } else {
          for (int k = 0; k < types.size(); k++) {
            String s = c.stringValue(types.get(k), Checks.at(tp, k));
            if (s != null && !XapiSyntax.isIri(s)) {
              c.add(Checks.at(tp, k), "context.relevant-types.iri", "must be an absolute IRI");
            }
          }
        }
      }
    }
  }

  static void attachments(Checks c, JsonNode list, JsonPath path) {
    if (!list.isArray()) {
      c.add(path, "attachments.array", "must be an array of Attachment objects, got " + Checks.kind(list));
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode a = list.get(i);
      JsonPath p = Checks.at(path, i);
      if (!c.object(a, p, "an Attachment")) {
        continue;
      }
      c.knownProperties(a, p, ATTACHMENT_KEYS, "an Attachment");
      c.iri(a, "usageType", p, true, "attachment.usageType");
      c.languageMap(a, "display", p, true);
      c.languageMap(a, "description", p, false);
      String contentType = c.string(a, "contentType", p, true);
      if (contentType != null && !XapiSyntax.isMimeType(contentType)) {
        c.add(Checks.at(p, "contentType"), "attachment.contentType", "must be an Internet media type such as "
            + "text/plain or image/png, got \"" + Checks.abbreviate(contentType) + "\"");
      }
      JsonNode length = a.get("length");
      if (length == null) {
        c.add(Checks.at(p, "length"), "property.required", "is required (the attachment size in octets)");
      } else if (!length.isIntegralNumber() || length.longValue() < 0) {
        c.add(Checks.at(p, "length"), "attachment.length", "must be a non-negative integer, got "
            + Checks.kind(length));
      }
      String sha2 = c.string(a, "sha2", p, true);
      if (sha2 != null && !XapiSyntax.isSha2Hex(sha2)) {
        c.add(Checks.at(p, "sha2"), "attachment.sha2", "must be the SHA-2 hash of the attachment in hex "
            + "(e.g. 64 hex digits for SHA-256)");
      }
      c.iri(a, "fileUrl", p, false, "attachment.fileUrl");
    }
  }
}
