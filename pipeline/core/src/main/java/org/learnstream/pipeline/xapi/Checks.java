package org.learnstream.pipeline.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Collects violations of one validation run and holds the checks every part of a statement shares. */
final class Checks {

  /** The last second ClickHouse's DateTime can hold (UInt32 seconds since the epoch). */
  static final long LAST_STORABLE_SECOND = 0xFFFF_FFFFL;

  final List<Violation> out = new ArrayList<>(2);
  final ValidationLimits limits;
  final XapiVersion version;

  Checks(ValidationLimits limits, XapiVersion version) {
    this.limits = limits;
    this.version = version;
  }

  void add(JsonPath path, String rule, String message) {
    out.add(new Violation(path.toString(), rule, message));
  }

  static JsonPath at(JsonPath path, String key) {
    return path.key(key);
  }

  static JsonPath at(JsonPath path, int index) {
    return path.index(index);
  }

  /** True when {@code node} is a JSON object; otherwise records {@code <what>.type}. */
  boolean object(JsonNode node, JsonPath path, String what) {
    if (node.isObject()) {
      return true;
    }
    add(path, "type.object", "must be a JSON object (" + what + "), got " + kind(node));
    return false;
  }

  /** Records every property of {@code node} not in {@code allowed}. */
  void knownProperties(JsonNode node, JsonPath path, Set<String> allowed, String what) {
    if (node.size() <= allowed.size() && allAllowed(node, allowed)) {
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
      String key = it.next();
      if (!allowed.contains(key)) {
        add(at(path, key), "property.unknown", "is not a property of " + what + "; allowed: " + String.join(", ",
            new java.util.TreeSet<>(allowed)) + " (names are case-sensitive)");
      }
    }
  }

  private static boolean allAllowed(JsonNode node, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
      if (!allowed.contains(it.next())) {
        return false;
      }
    }
    return true;
  }

  /** Like {@link #knownProperties} but leaves out keys already reported by a more specific rule. */
  void knownPropertiesExcept(JsonNode node, JsonPath path, Set<String> allowed, String[] reportedElsewhere,
      String what) {
    Set<String> skip = Set.of(reportedElsewhere);
    for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
      String key = it.next();
      if (!allowed.contains(key) && !skip.contains(key)) {
        add(at(path, key), "property.unknown", "is not a property of " + what + "; allowed: " + String.join(", ",
            new java.util.TreeSet<>(allowed)) + " (names are case-sensitive)");
      }
    }
  }

  /** The string value of {@code parent.key}, or null after recording why it is missing/not a string/too long. */
  String string(JsonNode parent, String key, JsonPath path, boolean required) {
    JsonNode v = parent.get(key);
    if (v == null) {
      if (required) {
        add(at(path, key), "property.required", "is required");
      }
      return null;
    }
    return stringValue(v, at(path, key));
  }

  String stringValue(JsonNode v, JsonPath path) {
    if (!v.isTextual()) {
      add(path, "type.string", "must be a string, got " + kind(v));
      return null;
    }
    String s = v.textValue();
    if (s.length() > limits.maxStringLength()) {
      add(path, "string.too-long", "is " + s.length() + " characters; at most " + limits.maxStringLength()
          + " are accepted");
      return null;
    }
    return s;
  }

  /** An absolute IRI (or IRL) at {@code parent.key}; {@code rule} names the property, e.g. {@code verb.id}. */
  String iri(JsonNode parent, String key, JsonPath path, boolean required, String rule) {
    String s = string(parent, key, path, required);
    if (s != null && !XapiSyntax.isIri(s)) {
      add(at(path, key), rule + ".iri", "must be an absolute IRI such as http://example.com/x (scheme, colon, "
          + "no spaces), got \"" + abbreviate(s) + "\"");
      return null;
    }
    return s;
  }

  String uuid(JsonNode parent, String key, JsonPath path, boolean required) {
    String s = string(parent, key, path, required);
    if (s != null && !XapiSyntax.isUuid(s)) {
      add(at(path, key), "uuid.format", "must be a UUID like 6690e6c9-3ef0-4ed3-8b37-7f3964730bee, got \""
          + abbreviate(s) + "\"");
      return null;
    }
    return s;
  }

  void timestamp(JsonNode parent, String key, JsonPath path) {
    String s = string(parent, key, path, false);
    if (s == null) {
      return;
    }
    long millis = XapiSyntax.timestampMillis(s);
    if (millis == Long.MIN_VALUE) {
      add(at(path, key), "timestamp.iso8601", "must be an ISO 8601 timestamp with a time zone such as "
          + "2024-05-01T10:15:30.5Z or 2024-05-01T12:15:30+02:00 (-00:00 is not allowed), got \"" + abbreviate(s)
          + "\"");
    } else if (millis < 0 || millis / 1000 > LAST_STORABLE_SECOND) {
      // ClickHouse's DateTime, on 18.16 and current releases alike, holds the seconds 0 .. 2^32-1 and nothing else;
      // a time outside could be accepted here but never land in learning_events
      add(at(path, key), "timestamp.range", "must lie between 1970-01-01T00:00:00Z and 2106-02-07T06:28:15Z, the "
          + "times Learnstream's tables can hold, got \"" + abbreviate(s) + "\"");
    }
  }

  /** A language map: object whose keys are RFC 5646 tags and whose values are strings. */
  void languageMap(JsonNode node, JsonPath path) {
    if (!node.isObject()) {
      add(path, "langmap.type", "must be a language map object such as {\"en-US\": \"text\"}, got " + kind(node));
      return;
    }
    if (node.isEmpty()) {
      add(path, "langmap.empty", "must hold at least one language tag/string pair");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!XapiSyntax.isLanguageTag(e.getKey())) {
        add(at(path, e.getKey()), "langmap.tag", "key must be an RFC 5646 language tag such as en-US");
      }
      stringValue(e.getValue(), at(path, e.getKey()));
    }
  }

  void languageMap(JsonNode parent, String key, JsonPath path, boolean required) {
    JsonNode v = parent.get(key);
    if (v == null) {
      if (required) {
        add(at(path, key), "property.required", "is required (a language map such as {\"en-US\": \"text\"})");
      }
      return;
    }
    languageMap(v, at(path, key));
  }

  /** Extensions: an object keyed by IRIs; values are any JSON, bounded in size. */
  void extensions(JsonNode parent, JsonPath path) {
    JsonNode v = parent.get("extensions");
    if (v == null) {
      return;
    }
    JsonPath p = at(path, "extensions");
    if (!v.isObject()) {
      add(p, "extensions.type", "must be an object keyed by IRIs, got " + kind(v));
      return;
    }
    for (Iterator<String> it = v.fieldNames(); it.hasNext();) {
      String key = it.next();
      if (!XapiSyntax.isIri(key)) {
        add(at(p, key), "extensions.key-iri", "extension keys must be absolute IRIs such as "
            + "http://example.com/ext/x");
      }
    }
    long size = approximateSize(v, limits.maxExtensionsBytes());
    if (size > limits.maxExtensionsBytes()) {
      add(p, "extensions.too-large", "is larger than " + limits.maxExtensionsBytes() + " characters of JSON");
    }
  }

  /** Rough JSON size, stopping once it passes {@code cap}; avoids serialising on every statement. */
  private static long approximateSize(JsonNode node, long cap) {
    if (node.isTextual()) {
      return node.textValue().length() + 2;
    }
    if (!node.isContainerNode()) {
      return 8;
    }
    long size = 2;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext() && size <= cap;) {
      Map.Entry<String, JsonNode> e = it.next();
      size += e.getKey().length() + 4 + approximateSize(e.getValue(), cap - size);
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        size += 1 + approximateSize(element, cap - size);
        if (size > cap) {
          break;
        }
      }
    }
    return size;
  }

  static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
