package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.learnstream.pipeline.xapi.Violation;

/**
 * The {@code format} parameter of {@code GET /statements} (xAPI Communication 2.1.3): {@code exact} returns statements
 * as stored; {@code ids} keeps only what identifies Agents, Groups (and the members of anonymous ones), Verbs and
 * Activities; {@code canonical} returns one language per language map of Verbs and Activities, chosen by the request's
 * Accept-Language, the Activities' definitions otherwise as stored (this LRS keeps no other canonical definition).
 */
public final class StatementFormat {

  public static final Set<String> NAMES = Set.of("exact", "ids", "canonical");
  private static final List<String> IDENTIFIERS = List.of("mbox", "mbox_sha1sum", "openid", "account");
  private static final List<String> LANGUAGE_MAPS = List.of("name", "description");
  private static final List<String> INTERACTION_COMPONENTS = List.of("choices", "scale", "source", "target", "steps");

  private StatementFormat() {
  }

  /** Why {@code format} (a request's parameter, null when absent) is not one this resource serves; empty when it is. */
  public static Optional<Violation> problem(String format) {
    return format == null || NAMES.contains(format)
        ? Optional.empty()
        : Optional.of(new Violation("query:format",
            "query.format", "must be ids, exact or canonical, got '" + format + "'"));
  }

  /** {@code statement} in {@code format}; the argument is not changed. */
  public static JsonNode apply(JsonNode statement, String format, String acceptLanguage) {
    if (format == null || format.equals("exact") || !statement.isObject()) {
      return statement;
    }
    ObjectNode copy = statement.deepCopy();
    if (format.equals("ids")) {
      reduceToIds(copy);
    } else {
      toCanonical(copy, languageRanges(acceptLanguage));
    }
    return copy;
  }

  private static void reduceToIds(ObjectNode statement) {
    replace(statement, "actor", StatementFormat::actorIds);
    replace(statement, "verb", verb -> idOnly(verb));
    replace(statement, "authority", StatementFormat::actorIds);
    JsonNode object = statement.path("object");
    if (object.isObject()) {
      String type = object.path("objectType").asText("Activity");
      if (type.equals("Agent") || type.equals("Group")) {
        statement.set("object", actorIds(object));
      } else if (type.equals("SubStatement")) {
        reduceToIds((ObjectNode) object);
      } else if (type.equals("Activity")) {
        statement.set("object", idOnly(object));
      }
    }
    JsonNode context = statement.path("context");
    if (context.isObject()) {
      replace((ObjectNode) context, "instructor", StatementFormat::actorIds);
      replace((ObjectNode) context, "team", StatementFormat::actorIds);
      eachContextActivity((ObjectNode) context, (list, i) -> list.set(i, idOnly(list.get(i))));
    }
  }

  /** An Agent or identified Group: objectType and identifier; an anonymous Group: objectType and its members so. */
  private static JsonNode actorIds(JsonNode actor) {
    if (!actor.isObject()) {
      return actor;
    }
    ObjectNode reduced = ((ObjectNode) actor.deepCopy()).retain(List.of("objectType"));
    IDENTIFIERS.stream().filter(actor::has).findFirst().ifPresent(i -> reduced.set(i, actor.get(i)));
    boolean identified = IDENTIFIERS.stream().anyMatch(actor::has);
    if (!identified && actor.path("member").isArray()) {
      ArrayNode members = reduced.putArray("member");
      actor.get("member").forEach(m -> members.add(actorIds(m)));
    }
    return reduced;
  }

  private static JsonNode idOnly(JsonNode node) {
    return node.isObject() ? ((ObjectNode) node.deepCopy()).retain(List.of("id")) : node;
  }

  private static void toCanonical(ObjectNode statement, List<Locale.LanguageRange> ranges) {
    JsonNode verb = statement.path("verb");
    if (verb.isObject()) {
      oneLanguage((ObjectNode) verb, "display", ranges);
    }
    JsonNode object = statement.path("object");
    if (object.path("objectType").asText("Activity").equals("Activity") && object.isObject()) {
      canonicalActivity(object, ranges);
    } else if (object.path("objectType").asText().equals("SubStatement")) {
      toCanonical((ObjectNode) object, ranges);
    }
    JsonNode context = statement.path("context");
    if (context.isObject()) {
      eachContextActivity((ObjectNode) context, (list, i) -> canonicalActivity(list.get(i), ranges));
    }
  }

  private static void canonicalActivity(JsonNode activity, List<Locale.LanguageRange> ranges) {
    JsonNode definition = activity.path("definition");
    if (!definition.isObject()) {
      return;
    }
    LANGUAGE_MAPS.forEach(map -> oneLanguage((ObjectNode) definition, map, ranges));
    for (String components : INTERACTION_COMPONENTS) {
      for (JsonNode component : definition.path(components)) {
        if (component.isObject()) {
          oneLanguage((ObjectNode) component, "description", ranges);
        }
      }
    }
  }

  /** The entry of the language map best matching {@code ranges} (RFC 4647 lookup), else its first entry. */
  private static void oneLanguage(ObjectNode holder, String field, List<Locale.LanguageRange> ranges) {
    JsonNode map = holder.path(field);
    if (!map.isObject() || map.size() <= 1) {
      return;
    }
    List<String> tags = new ArrayList<>();
    map.fieldNames().forEachRemaining(tags::add);
    String chosen = ranges.isEmpty() ? null : Locale.lookupTag(ranges, tags);
    String tag = tags.stream().filter(t -> t.equalsIgnoreCase(chosen)).findFirst().orElse(tags.get(0));
    holder.putObject(field).set(tag, map.get(tag));
  }

  private static List<Locale.LanguageRange> languageRanges(String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isBlank()) {
      return List.of();
    }
    try {
      return Locale.LanguageRange.parse(acceptLanguage);
    } catch (IllegalArgumentException e) {
      return List.of(); // an unreadable Accept-Language chooses nothing, as if absent
    }
  }

  private interface ListEntry {
    void accept(ArrayNode list, int index);
  }

  /** Each activity of contextActivities, whose values are arrays once {@link ReturnedStatements} has run. */
  private static void eachContextActivity(ObjectNode context, ListEntry action) {
    for (JsonNode list : context.path("contextActivities")) {
      if (list.isArray()) {
        for (int i = 0; i < list.size(); i++) {
          action.accept((ArrayNode) list, i);
        }
      }
    }
  }

  private static void replace(ObjectNode holder, String field, java.util.function.UnaryOperator<JsonNode> change) {
    if (holder.has(field)) {
      holder.set(field, change.apply(holder.get(field)));
    }
  }
}
