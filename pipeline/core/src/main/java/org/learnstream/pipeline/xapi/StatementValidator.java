package org.learnstream.pipeline.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Validates xAPI statements against xAPI 1.0.3 (and 2.0.0 where it differs: context.contextAgents/contextGroups,
 * version "2.0.x"), each statement by the rules {@link XapiVersion#rulesFor} picks from the request's version and the
 * statement's own {@code version}. Reports every violation found, each with a JSON path and a stable rule id, and never throws on
 * bad input. Whatever a spec-following LRS must accept is accepted (e.g. any UUID variant, contextActivities as a
 * single object or an array, timestamp offsets as Z, ±hh:mm, ±hhmm or ±hh).
 *
 * <p>Request-level rules: {@link #validate} sees one statement; {@link #validateBatch} sees a whole
 * {@code POST /statements} body and also checks that ids are unique within the batch and the batch size limit.
 * Rules that need the store (an id already stored with different content, voiding a voiding statement, a voided
 * target that does not exist) or the HTTP request (version header, attachment parts matching {@code sha2}) are the
 * HTTP layer's job. Thread-safe: instances hold only immutable limits.
 */
public final class StatementValidator {

  static final String VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided";

  private static final Set<String> STATEMENT_KEYS = Set.of("id", "actor", "verb", "object", "result", "context",
      "timestamp", "stored", "authority", "version", "attachments");
  private static final Set<String> SUB_STATEMENT_KEYS = Set.of("objectType", "actor", "verb", "object", "result",
      "context", "timestamp", "attachments");
  private static final Set<String> VERB_KEYS = Set.of("id", "display");
  private static final String[] NOT_IN_SUB_STATEMENT = {"id", "stored", "version", "authority"};

  private final ValidationLimits limits;

  public StatementValidator() {
    this(ValidationLimits.defaults());
  }

  public StatementValidator(ValidationLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public ValidationLimits limits() {
    return limits;
  }

  /**
   * All violations (empty list = valid) of one statement object node in a request of {@code version}.
   * {@code pathPrefix} is usually "$".
   */
  public List<Violation> validate(JsonNode statement, XapiVersion version, String pathPrefix) {
    return validate(statement, version, JsonPath.root(pathPrefix == null || pathPrefix.isEmpty() ? "$" : pathPrefix));
  }

  private List<Violation> validate(JsonNode statement, XapiVersion version, JsonPath path) {
    Checks c = new Checks(limits, Objects.requireNonNull(version, "version").rulesFor(statement));
    if (statement == null) {
      c.add(path, "type.object", "must be a JSON object (a Statement), got nothing");
    } else {
      statement(c, statement, path);
    }
    return c.out;
  }

  /**
   * Validates a {@code POST /statements} body: one statement object, or an array of them (paths {@code $[i]...}).
   * Besides each statement's own rules it enforces the batch size limit and that no id appears twice in the batch
   * (rule {@code id.duplicate-in-batch}), which only the request as a whole can show.
   */
  public List<Violation> validateBatch(JsonNode arrayOrObject, XapiVersion version) {
    if (arrayOrObject == null || !arrayOrObject.isArray()) {
      return validate(arrayOrObject, version, "$");
    }
    List<Violation> out = new ArrayList<>();
    if (arrayOrObject.size() > limits.maxBatchSize()) {
      out.add(new Violation("$", "batch.too-large", "holds " + arrayOrObject.size() + " statements; send at most "
          + limits.maxBatchSize() + " per request"));
      return out;
    }
    Map<String, Integer> firstIndexById = new HashMap<>();
    JsonPath root = JsonPath.root("$");
    for (int i = 0; i < arrayOrObject.size(); i++) {
      JsonNode statement = arrayOrObject.get(i);
      JsonPath path = root.index(i);
      out.addAll(validate(statement, version, path));
      JsonNode id = statement.get("id");
      if (id != null && id.isTextual()) {
        Integer first = firstIndexById.putIfAbsent(id.textValue().toLowerCase(Locale.ROOT), i);
        if (first != null) {
          out.add(new Violation(path.key("id").toString(), "id.duplicate-in-batch", "repeats the id of statement $["
              + first + "]; ids must be unique within a batch"));
        }
      }
    }
    return out;
  }

  private void statement(Checks c, JsonNode s, JsonPath path) {
    if (!c.object(s, path, "a Statement")) {
      return;
    }
    c.knownProperties(s, path, STATEMENT_KEYS, "a Statement");
    c.uuid(s, "id", path, false);
    JsonNode object = body(c, s, path, false);
    c.timestamp(s, "stored", path);
    JsonNode authority = s.get("authority");
    if (authority != null) {
      AgentRules.authority(c, authority, Checks.at(path, "authority"));
    }
    String version = c.string(s, "version", path, false);
    if (version != null && !XapiSyntax.isVersion(version, c.version)) {
      c.add(Checks.at(path, "version"), "version.format", "must be \"1.0\" or \"1.0.x\""
          + (c.version == XapiVersion.V2_0_0 ? " or \"2.0.x\"" : "") + ", got \"" + Checks.abbreviate(version)
          + "\"");
    }
    if (object != null) {
      voiding(c, s, object, path);
    }
  }

  /** Properties shared by Statement and SubStatement; returns the object node if it is present. */
  private JsonNode body(Checks c, JsonNode s, JsonPath path, boolean inSubStatement) {
    JsonNode actor = s.get("actor");
    if (actor == null) {
      c.add(Checks.at(path, "actor"), "property.required", "is required (an Agent or Group)");
    } else {
      AgentRules.agentOrGroup(c, actor, Checks.at(path, "actor"));
    }
    JsonNode verb = s.get("verb");
    if (verb == null) {
      c.add(Checks.at(path, "verb"), "property.required", "is required (an object with an IRI id)");
    } else {
      verb(c, verb, Checks.at(path, "verb"));
    }
    JsonNode object = s.get("object");
    boolean objectIsActivity = false;
    if (object == null) {
      c.add(Checks.at(path, "object"), "property.required", "is required (Activity, Agent, Group, StatementRef or "
          + "SubStatement)");
    } else {
      objectIsActivity = object(c, object, Checks.at(path, "object"), inSubStatement);
    }
    JsonNode result = s.get("result");
    if (result != null) {
      ContextResultRules.result(c, result, Checks.at(path, "result"));
    }
    JsonNode context = s.get("context");
    if (context != null) {
      ContextResultRules.context(c, context, Checks.at(path, "context"), objectIsActivity);
    }
    c.timestamp(s, "timestamp", path);
    JsonNode attachments = s.get("attachments");
    if (attachments != null) {
      ContextResultRules.attachments(c, attachments, Checks.at(path, "attachments"));
    }
    return object;
  }

  private static void verb(Checks c, JsonNode verb, JsonPath path) {
    if (!c.object(verb, path, "a Verb with an IRI id")) {
      return;
    }
    c.knownProperties(verb, path, VERB_KEYS, "a Verb");
    c.iri(verb, "id", path, true, "verb.id");
    c.languageMap(verb, "display", path, false);
  }

  /** Validates the object by its objectType; returns whether it is an Activity. */
  private boolean object(Checks c, JsonNode object, JsonPath path, boolean inSubStatement) {
    if (!c.object(object, path, "an Activity, Agent, Group, StatementRef or SubStatement")) {
      return false;
    }
    JsonNode typeNode = object.get("objectType");
    String type = typeNode == null ? "Activity" : typeNode.isTextual() ? typeNode.textValue() : null;
    if (type == null) {
      c.add(Checks.at(path, "objectType"), "objectType.object", "must be a string, got " + Checks.kind(typeNode));
      return false;
    }
    switch (type) {
      case "Activity" -> {
        ActivityRules.activity(c, object, path);
        return true;
      }
      case "Agent" -> AgentRules.agent(c, object, path);
      case "Group" -> AgentRules.group(c, object, path);
      case "StatementRef" -> ContextResultRules.statementRef(c, object, path);
      case "SubStatement" -> {
        if (inSubStatement) {
          c.add(Checks.at(path, "objectType"), "substatement.nested", "a SubStatement cannot contain another "
              + "SubStatement");
        } else {
          subStatement(c, object, path);
        }
      }
      default -> c.add(Checks.at(path, "objectType"), "objectType.object", "must be one of Activity, Agent, Group, "
          + "StatementRef, SubStatement (case-sensitive), got \"" + Checks.abbreviate(type) + "\"");
    }
    return false;
  }

  private void subStatement(Checks c, JsonNode s, JsonPath path) {
    for (String key : NOT_IN_SUB_STATEMENT) {
      if (s.has(key)) {
        c.add(Checks.at(path, key), "substatement.property", "a SubStatement cannot have \"" + key + "\"");
      }
    }
    c.knownPropertiesExcept(s, path, SUB_STATEMENT_KEYS, NOT_IN_SUB_STATEMENT, "a SubStatement");
    JsonNode object = body(c, s, path, true);
    if (object != null) {
      voiding(c, s, object, path);
    }
  }

  /** The voided verb is only allowed with a StatementRef object. */
  private static void voiding(Checks c, JsonNode s, JsonNode object, JsonPath path) {
    JsonNode verb = s.get("verb");
    JsonNode verbId = verb == null ? null : verb.get("id");
    if (verbId == null || !verbId.isTextual() || !VOIDED_VERB.equals(verbId.textValue()) || !object.isObject()) {
      return;
    }
    JsonNode type = object.get("objectType");
    if (type == null || !"StatementRef".equals(type.asText())) {
      c.add(Checks.at(path, "object"), "voiding.statementref", "a statement with verb " + VOIDED_VERB
          + " must have a StatementRef object naming the voided statement");
    }
  }
}
