package org.learnstream.jobs.ingest.documents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.learnstream.jobs.ingest.ActorKey;
import org.learnstream.pipeline.xapi.RequestParameterRules;
import org.learnstream.pipeline.xapi.Violation;
import org.learnstream.pipeline.xapi.XapiVersion;

/**
 * Reads the query parameters the document, Agents and Activities resources share, each with the rule it must follow.
 * A bad value is recorded in {@code problems} and read as null.
 */
final class QueryParameters {

  private final DocumentRequest request;
  private final RequestParameterRules rules;
  private final XapiVersion version;
  final java.util.ArrayList<Violation> problems = new java.util.ArrayList<>();

  QueryParameters(DocumentRequest request, RequestParameterRules rules, XapiVersion version) {
    this.request = request;
    this.rules = rules;
    this.version = version;
  }

  /** {@code activityId}: an absolute IRI. */
  String activityId(boolean required) {
    String value = present("activityId", required);
    if (value == null) {
      return null;
    }
    if (!RequestParameterRules.isIri(value)) {
      return refuse("activityId", "activityId.iri", "must be an absolute IRI (e.g. https://example.org/course/1)");
    }
    return value;
  }

  /** {@code agent}: JSON of an Agent or identified Group; returns its canonical identifier. */
  String agent(boolean required) {
    String value = present("agent", required);
    if (value == null) {
      return null;
    }
    JsonNode agent = agentJson(value);
    if (agent == null) {
      return null;
    }
    String identifier = ActorKey.identifier(agent);
    if (identifier.startsWith("group:") || identifier.equals("unknown")) {
      return refuse("agent", "agent.identified", "must be an Agent or identified Group with one of mbox, "
          + "mbox_sha1sum, openid or account");
    }
    return identifier;
  }

  /** {@code agent} as valid JSON of an Agent or Group, or null after recording why not. */
  JsonNode agentJson(String value) {
    JsonNode agent;
    try {
      agent = Answers.JSON.readTree(value);
    } catch (JsonProcessingException e) {
      return refuse("agent", "agent.json", "must be an Agent as JSON, e.g. {\"mbox\":\"mailto:ana@school.example\"}");
    }
    if (agent == null || !agent.isObject()) {
      return refuse("agent", "agent.json", "must be an Agent as a JSON object");
    }
    List<Violation> broken = rules.agentOrGroup(agent, version, "query:agent");
    if (!broken.isEmpty()) {
      problems.addAll(broken);
      return null;
    }
    return agent;
  }

  /** {@code registration}: a UUID, in lower case. */
  String registration() {
    String value = present("registration", false);
    if (value == null) {
      return null;
    }
    if (!RequestParameterRules.isUuid(value)) {
      return refuse("registration", "registration.uuid", "must be a UUID, e.g. 3f1c9a2e-6b7d-4c1e-9a53-0f2d8e4b7c61");
    }
    return value.toLowerCase(Locale.ROOT);
  }

  /** The document id ({@code stateId} or {@code profileId}). */
  String documentId(String name, boolean required) {
    return present(name, required);
  }

  /** {@code since}: an xAPI timestamp with a time zone. */
  Instant since() {
    String value = present("since", false);
    if (value == null) {
      return null;
    }
    long millis = RequestParameterRules.timestampMillis(value);
    if (millis == Long.MIN_VALUE) {
      return refuse("since", "since.timestamp", "must be an ISO 8601 timestamp with a time zone, e.g. "
          + "2026-01-31T08:00:00Z");
    }
    return Instant.ofEpochMilli(millis);
  }

  private String present(String name, boolean required) {
    String value = request.param(name);
    if (value == null || value.isEmpty()) {
      if (required) {
        refuse(name, name + ".required", "is required here");
      }
      return null;
    }
    if (value.length() > DocumentLimits.MAX_ID_CHARS) {
      return refuse(name, name + ".length", "has " + value.length() + " characters; at most "
          + DocumentLimits.MAX_ID_CHARS + " are accepted");
    }
    return value;
  }

  private <T> T refuse(String name, String rule, String message) {
    problems.add(new Violation("query:" + name, rule, message));
    return null;
  }
}
