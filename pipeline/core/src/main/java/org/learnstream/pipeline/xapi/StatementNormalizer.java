package org.learnstream.pipeline.xapi;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;

/**
 * Parses, validates and maps one xAPI statement to a {@link LearningEvent}: the streaming normalise step. It applies
 * the {@link StatementValidator} that the HTTP statements endpoint applies, with the same choice of rules
 * ({@link XapiVersion}), so both reject with the same {@link Violation} text and a statement the endpoint accepted is
 * never refused here for a rule of the statement format. Thread-safe.
 *
 * <p>Mapping notes:
 * <ul>
 *   <li>statementId: the statement's id in lower case; without an id, a name-based UUID of
 *       {@code tenant + "|" + canonical JSON} (keys sorted, no whitespace), so a replay maps to the same id.</li>
 *   <li>learner: the actor's pseudonym ({@link LearnerPseudonyms#actor}) by their canonical identifier
 *       ({@code mbox:mailto:a@b.c}, {@code account:https://lms|name}, ...); an identified Group uses its own
 *       identifier, an anonymous Group its members' identifiers sorted and joined.</li>
 *   <li>kind: VOIDING for verb {@value StatementValidator#VOIDED_VERB} with a StatementRef object, RESPONSE when
 *       {@code result.success} is present, otherwise ACTIVITY.</li>
 *   <li>objectId: the Activity IRI, the StatementRef id (lower case), the Agent/Group's pseudonym
 *       ({@link LearnerPseudonyms#named}), or for a SubStatement the id of its own object.</li>
 *   <li>skills: the context extension {@value #SKILLS_EXTENSION} when present (a JSON array of skill id strings;
 *       senders that know their skill model use it), otherwise {@code [objectId]} for an Activity object and empty
 *       for any other object.</li>
 *   <li>durationMs: {@code result.duration} with years as 365 days, months as 30 days.</li>
 *   <li>timestamp: the statement's timestamp, else its stored, else {@code storedFallbackMillis}; stored: the
 *       statement's stored, else {@code storedFallbackMillis}.</li>
 * </ul>
 */
public final class StatementNormalizer {

  /** Context extension listing the skill ids a statement is evidence for (array of strings). */
  public static final String SKILLS_EXTENSION = "https://learnstream.org/xapi/extensions/skills";

  /**
   * Refuses a repeated member name while building the tree, where it costs nothing: the parser's own duplicate
   * detection (STRICT_DUPLICATE_DETECTION) keeps a set of names per object and cost a quarter of the parse.
   */
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  /**
   * Reads input that {@link #MAPPER} refused once more, only to word the refusal: the parser names a repeated member
   * at its position ("Duplicate field 'verb' at line 1, column 90") without mentioning Jackson settings, and a
   * repeated member whose value is itself malformed is reported as the repeat, whichever comes first in the text.
   */
  private static final ObjectMapper WORDING = MAPPER.copy().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final StatementValidator validator;
  private final LearnerPseudonyms pseudonyms;
  /** The rules for statements that declare no version; a declared one chooses its own ({@link XapiVersion}). */
  private final XapiVersion version;

  /**
   * @param version the rules for statements without a {@code version} member; a statement that declares one is held
   *     to the rules of the version it declares, as the endpoint held it before stamping or keeping that member
   */
  public StatementNormalizer(StatementValidator validator, LearnerPseudonyms pseudonyms, XapiVersion version) {
    this.validator = Objects.requireNonNull(validator, "validator");
    this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
    this.version = Objects.requireNonNull(version, "version");
  }

  /** The outcome of {@link #normalize}: an event, or the reason the statement was refused. */
  public sealed interface Normalized permits Accepted, Rejected {
  }

  public record Accepted(LearningEvent event) implements Normalized {
  }

  /** The first violation found (document order); malformed JSON gives path "$" and rule "json.syntax". */
  public record Rejected(Violation violation) implements Normalized {
  }

  /** Parses the bytes, validates, and maps to a LearningEvent; never throws on bad input. */
  public Normalized normalize(String tenant, byte[] statementJson, long storedFallbackMillis) {
    return normalize(tenant, statementJson, storedFallbackMillis, pseudonyms);
  }

  /**
   * {@link #normalize(String, byte[], long)} with this statement's people named by {@code people}; what it throws
   * (a store that does not answer, say) passes through, and only once the statement was found valid.
   */
  public Normalized normalize(String tenant, byte[] statementJson, long storedFallbackMillis,
      LearnerPseudonyms people) {
    Objects.requireNonNull(tenant, "tenant");
    if (statementJson == null || statementJson.length == 0) {
      return new Rejected(new Violation("$", "json.syntax", "the body is empty; send one xAPI statement object"));
    }
    JsonNode statement;
    try {
      statement = MAPPER.readTree(statementJson);
    } catch (IOException e) {
      return syntaxError(statementJson, e);
    }
    if (statement == null || statement.isMissingNode()) {
      return new Rejected(new Violation("$", "json.syntax", "the body holds no JSON value"));
    }
    List<Violation> violations = validator.validate(statement, XapiVersion.declaredBy(statement, version), "$");
    if (!violations.isEmpty()) {
      return new Rejected(violations.get(0));
    }
    // no time is refused for lying ahead (xAPI: an LRS should not reject a timestamp for that, clocks differ);
    // the mastery job orders each learner x skill on its own, so a wrong clock moves only its own learner
    return new Accepted(map(tenant, statement, new String(statementJson, StandardCharsets.UTF_8),
        storedFallbackMillis, people));
  }

  private static Rejected syntaxError(byte[] statementJson, IOException firstError) {
    IOException e = firstError;
    try {
      WORDING.readTree(statementJson);
    } catch (IOException worded) {
      e = worded;
    }
    if (e instanceof JsonProcessingException p) {
      return new Rejected(new Violation("$", "json.syntax", "is not valid JSON: " + p.getOriginalMessage()
          + locationOf(p)));
    }
    return new Rejected(new Violation("$", "json.syntax", "could not be read as JSON: " + e.getMessage()));
  }

  private LearningEvent map(String tenant, JsonNode s, String text, long storedFallbackMillis,
      LearnerPseudonyms people) {
    JsonNode idNode = s.get("id");
    String statementId = idNode != null ? idNode.textValue().toLowerCase(Locale.ROOT) : derivedId(tenant, s);
    long stored = s.has("stored") ? XapiSyntax.timestampMillis(s.get("stored").textValue()) : storedFallbackMillis;
    long timestamp = s.has("timestamp") ? XapiSyntax.timestampMillis(s.get("timestamp").textValue()) : stored;
    long dated = StatementTimestamps.dated(timestamp, stored);
    JsonNode actor = s.get("actor");
    String learner = people.actor(tenant, Identifiers.canonicalIfi(actor), dated);
    String verb = s.get("verb").get("id").textValue();
    JsonNode object = s.get("object");
    String objectType = object.path("objectType").asText("Activity");
    String objectId = objectId(tenant, object, objectType, people, dated);
    for (String person : StatementPeople.others(s)) {
      people.mentioned(tenant, person, dated);
    }

    EventKind kind;
    String voided = null;
    JsonNode result = s.get("result");
    JsonNode success = result == null ? null : result.get("success");
    if (StatementValidator.VOIDED_VERB.equals(verb) && "StatementRef".equals(objectType)) {
      kind = EventKind.VOIDING;
      voided = objectId;
    } else if (success != null) {
      kind = EventKind.RESPONSE;
    } else {
      kind = EventKind.ACTIVITY;
    }
    JsonNode definition = "Activity".equals(objectType) ? object.get("definition") : null;
    String activityType = definition == null ? null : textOrNull(definition.get("type"));
    JsonNode scaled = result == null ? null : result.path("score").get("scaled");
    JsonNode duration = result == null ? null : result.get("duration");

    JsonNode context = s.get("context");
    JsonNode contextActivities = context == null ? null : context.get("contextActivities");

    // The builder, not the all-arguments constructor: a build with a field added to LearningEvent (with its
    // default) still runs this code unchanged, which an upgrade from a savepoint relies on.
    return LearningEvent.newBuilder()
        .setStatementId(statementId).setTenant(tenant).setLearner(learner).setKind(kind).setVerb(verb)
        .setObjectId(objectId).setObjectType(objectType).setActivityType(activityType)
        .setSkills(skills(context, objectType, objectId))
        .setSuccess(success == null ? null : success.booleanValue())
        .setScoreScaled(scaled == null ? null : scaled.doubleValue())
        .setDurationMs(duration == null ? null : XapiSyntax.durationMillis(duration.textValue()))
        .setRegistration(context == null ? null : lowerOrNull(context.get("registration")))
        .setCourse(firstActivityId(contextActivities, "grouping"))
        .setSection(firstActivityId(contextActivities, "parent"))
        .setVoidedStatementId(voided)
        .setTimestamp(Instant.ofEpochMilli(timestamp)).setStored(Instant.ofEpochMilli(stored))
        .setStatementJson(text)
        .build();
  }

  /**
   * An Agent or Group object is another person (or group), whose identifier must not travel in the clear beside the
   * statement's (sealed) text: it is named by its pseudonym, as the actor is.
   */
  private static String objectId(String tenant, JsonNode object, String objectType, LearnerPseudonyms people,
      long dated) {
    return switch (objectType) {
      case "StatementRef" -> object.get("id").textValue().toLowerCase(Locale.ROOT);
      case "Agent", "Group" -> people.named(tenant, Identifiers.canonicalIfi(object), dated);
      case "SubStatement" -> {
        JsonNode inner = object.get("object");
        yield objectId(tenant, inner, inner.path("objectType").asText("Activity"), people, dated);
      }
      default -> object.get("id").textValue();
    };
  }

  private static List<String> skills(JsonNode context, String objectType, String objectId) {
    JsonNode declared = context == null ? null : context.path("extensions").get(SKILLS_EXTENSION);
    if (declared != null && declared.isArray()) {
      List<String> skills = new ArrayList<>(declared.size());
      for (JsonNode skill : declared) {
        if (skill.isTextual() && !skill.textValue().isEmpty()) {
          skills.add(skill.textValue());
        }
      }
      return skills;
    }
    List<String> skills = new ArrayList<>(1);
    if ("Activity".equals(objectType)) {
      skills.add(objectId);
    }
    return skills;
  }

  private static String firstActivityId(JsonNode contextActivities, String key) {
    JsonNode v = contextActivities == null ? null : contextActivities.get(key);
    if (v == null) {
      return null;
    }
    JsonNode first = v.isArray() ? v.get(0) : v;
    return first == null ? null : textOrNull(first.get("id"));
  }

  private static String textOrNull(JsonNode v) {
    return v == null || !v.isTextual() ? null : v.textValue();
  }

  private static String lowerOrNull(JsonNode v) {
    String s = textOrNull(v);
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  /** Name-based (type 3) UUID of tenant and canonical JSON, so the same statement always gets the same id. */
  static String derivedId(String tenant, JsonNode statement) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    out.writeBytes(tenant.getBytes(StandardCharsets.UTF_8));
    out.write('|');
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      writeCanonical(g, statement);
    } catch (IOException e) {
      throw new IllegalStateException("writing JSON to memory failed", e);
    }
    return UUID.nameUUIDFromBytes(out.toByteArray()).toString();
  }

  private static void writeCanonical(JsonGenerator g, JsonNode node) throws IOException {
    if (node.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        sorted.put(e.getKey(), e.getValue());
      }
      g.writeStartObject();
      for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
        g.writeFieldName(e.getKey());
        writeCanonical(g, e.getValue());
      }
      g.writeEndObject();
    } else if (node.isArray()) {
      g.writeStartArray();
      for (JsonNode element : node) {
        writeCanonical(g, element);
      }
      g.writeEndArray();
    } else {
      MAPPER.writeTree(g, node);
    }
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " at line " + e.getLocation().getLineNr() + ", column "
            + e.getLocation().getColumnNr();
  }
}
