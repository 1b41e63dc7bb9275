package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.learnstream.jobs.notify.SubscriptionRules;
import org.learnstream.pipeline.warning.WarningRuleRegistry;
import org.learnstream.pipeline.warning.spi.Severity;
import org.learnstream.pipeline.xapi.Violation;
import org.learnstream.schemas.Subscription;

/**
 * The JSON of a subscription in the subscriptions API: {@code specialist}, {@code webhookUrl} and {@code secret}
 * (required; on a replacement the secret may be left out to keep it), {@code courses}, {@code sections},
 * {@code rules} (arrays of strings), {@code minSeverity}, {@code digest}, and {@code tenant} (only the caller's).
 * Every broken rule is named with its field; an answer never carries the secret.
 */
final class SubscriptionBody {

  private static final Set<String> FIELDS = Set.of("specialist", "webhookUrl", "secret", "courses", "sections",
      "rules", "minSeverity", "digest", "tenant");
  private static final int MAX_TEXT = 2048;

  /** A request read: the subscription's fields (without id, tenant and time) or what is wrong with them. */
  record Parsed(Subscription.Builder fields, List<Violation> problems) {
    Subscription build(String id, String tenant, Instant at) {
      return Subscription.newBuilder(fields).setSubscriptionId(id).setTenant(tenant).setUpdatedAt(at).build();
    }
  }

  private SubscriptionBody() {
  }

  /** @param currentSecret the replaced subscription's secret, kept when the request has none; null on creation */
  static Parsed read(ObjectNode request, String currentSecret) {
    List<Violation> problems = new ArrayList<>();
    request.fieldNames().forEachRemaining(name -> {
      if (!FIELDS.contains(name)) {
        problems.add(new Violation("$." + name, "subscription.known-field", "unknown field; the fields are "
            + new java.util.TreeSet<>(FIELDS)));
      }
    });
    String specialist = text(request, "specialist", true, problems);
    String webhook = text(request, "webhookUrl", true, problems);
    if (webhook != null && !isHttpUrl(webhook)) {
      problems.add(new Violation("$.webhookUrl", "subscription.webhook-url",
          "must be an absolute http or https URL, e.g. https://school.example/alerts"));
    }
    String secret = text(request, "secret", currentSecret == null, problems);
    List<String> rules = texts(request, "rules", problems);
    for (int i = 0; i < rules.size(); i++) {
      try {
        rules.set(i, WarningRuleRegistry.of(rules.get(i)).id());
      } catch (IllegalArgumentException e) {
        problems.add(new Violation("$.rules[" + i + "]", "subscription.rule", e.getMessage()));
      }
    }
    String severity = text(request, "minSeverity", false, problems);
    try {
      severity = Severity.of(severity == null ? "info" : severity).id();
    } catch (IllegalArgumentException e) {
      problems.add(new Violation("$.minSeverity", "subscription.severity", e.getMessage()));
    }
    String digest = text(request, "digest", false, problems);
    if (digest != null && !digest.isEmpty()) {
      try {
        SubscriptionRules.requireDigestPeriod("digest", digest);
      } catch (IllegalArgumentException e) {
        problems.add(new Violation("$.digest", "subscription.digest", e.getMessage()));
      }
    }
    List<String> courses = texts(request, "courses", problems);
    List<String> sections = texts(request, "sections", problems);
    if (!problems.isEmpty()) {
      return new Parsed(null, problems);
    }
    return new Parsed(Subscription.newBuilder().setSpecialist(specialist).setWebhookUrl(webhook)
        .setSecret(secret == null ? currentSecret : secret).setCourses(courses).setSections(sections).setRules(rules)
        .setMinSeverity(severity).setDigest(digest == null ? "" : digest).setDeleted(false), List.of());
  }

  /** The subscription as answered: every field but the secret. */
  static ObjectNode toJson(Subscription s) {
    ObjectNode node = RouteAnswers.JSON.createObjectNode().put("id", s.getSubscriptionId())
        .put("tenant", s.getTenant()).put("specialist", s.getSpecialist()).put("webhookUrl", s.getWebhookUrl())
        .put("minSeverity", s.getMinSeverity()).put("digest", s.getDigest())
        .put("updatedAt", s.getUpdatedAt().toString());
    s.getCourses().forEach(node.putArray("courses")::add);
    s.getSections().forEach(node.putArray("sections")::add);
    s.getRules().forEach(node.putArray("rules")::add);
    return node;
  }

  private static String text(ObjectNode request, String field, boolean required, List<Violation> problems) {
    JsonNode value = request.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        problems.add(new Violation("$." + field, "subscription.required", "is required"));
      }
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank() && required || value.asText().length() > MAX_TEXT) {
      problems.add(new Violation("$." + field, "subscription.text",
          "must be " + (required ? "non-blank " : "") + "text of at most " + MAX_TEXT + " characters"));
      return null;
    }
    return value.asText();
  }

  private static List<String> texts(ObjectNode request, String field, List<Violation> problems) {
    JsonNode value = request.get(field);
    List<String> out = new ArrayList<>();
    if (value == null || value.isNull()) {
      return out;
    }
    if (!value.isArray()) {
      problems.add(new Violation("$." + field, "subscription.text-array", "must be an array of strings"));
      return out;
    }
    for (int i = 0; i < value.size(); i++) {
      if (!value.get(i).isTextual() || value.get(i).asText().isBlank()) {
        problems.add(new Violation("$." + field + "[" + i + "]", "subscription.text-array",
            "must be a non-blank string"));
      } else {
        out.add(value.get(i).asText());
      }
    }
    return out;
  }

  private static boolean isHttpUrl(String text) {
    try {
      URI uri = URI.create(text);
      return uri.isAbsolute() && uri.getHost() != null
          && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
