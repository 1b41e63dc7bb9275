package org.learnstream.pipeline.warning;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.learnstream.pipeline.warning.spi.WarningRule;

/**
 * Rules per tenant: {@code default} overlays the built-in {@link WarningRules#defaults()}, each entry of
 * {@code tenants} overlays {@code default}. Built from the parsed YAML/JSON tree, e.g.
 * <pre>
 * default:
 *   cooldown: 1d
 *   inactivity: {days: 4, school_days_only: true, zone: Europe/Paris, severity: warning}
 *   mastery_decline: {drop: 0.5, window: 20, mastered_p_known: 0.95, sustain: 3}
 * tenants:
 *   district7:
 *     failure_streak: {failures: 8, severity: info}
 *     rapid_guessing: {activity_thresholds_ms: {"https://example.org/items/1": 2500}}
 * </pre>
 */
public record RulesConfig(WarningRules defaults, Map<String, WarningRules> tenants) implements Serializable {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  public RulesConfig {
    tenants = Map.copyOf(tenants);
  }

  public static RulesConfig builtIn() {
    return new RulesConfig(WarningRules.defaults(), Map.of());
  }

  public WarningRules rulesFor(String tenant) {
    return tenants.getOrDefault(tenant, defaults);
  }

  @SuppressWarnings("unchecked")
  public static RulesConfig fromTree(Map<String, Object> tree, String origin) {
    Map<String, Object> root = tree == null ? Map.of() : tree;
    for (String k : root.keySet()) {
      if (!k.equals("default") && !k.equals("tenants")) {
        throw new IllegalArgumentException(origin + ": unknown top-level key '" + k + "'; use default and tenants");
      }
    }
    Map<String, Object> base = section(root.get("default"), origin + ": default");
    WarningRules defaults = build(base, origin + ": default");
    Map<String, WarningRules> tenants = new HashMap<>();
    Map<String, Object> tenantTree = section(root.get("tenants"), origin + ": tenants");
    for (Map.Entry<String, Object> t : tenantTree.entrySet()) {
      String where = origin + ": tenants." + t.getKey();
      tenants.put(t.getKey(), build(merge(base, section(t.getValue(), where)), where));
    }
    return new RulesConfig(defaults, tenants);
  }

  private static WarningRules build(Map<String, Object> tree, String where) {
    WarningRules d = WarningRules.defaults();
    try {
      Map<String, Map<String, Object>> sections = new HashMap<>();
      for (WarningRule<?, ?> rule : WarningRuleRegistry.all()) {
        sections.put(rule.id(), section(tree.get(rule.id()), where + "." + rule.id()));
      }
      return WarningRules.build(sections, duration(tree.get("cooldown"), d.cooldown(), where + ".cooldown"),
          duration(tree.get("forget_after"), d.forgetAfter(), where + ".forget_after"),
          duration(tree.get("explained_within"), d.explainedWithin(), where + ".explained_within"),
          ClassPatternSettings.of(section(tree.get(ClassPatternSettings.SECTION), where + ".class_patterns")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Object value, String where) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(where + " must be a mapping (key: value lines), was " + value);
    }
    return (Map<String, Object>) m;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    over.forEach((k, v) -> out.merge(k, v, (a, b) -> a instanceof Map<?, ?> am && b instanceof Map<?, ?> bm
        ? merge((Map<String, Object>) am, (Map<String, Object>) bm)
        : b));
    return out;
  }

  static Duration duration(Object value, Duration fallback, String where) {
    if (value == null) {
      return fallback;
    }
    String text = String.valueOf(value).trim();
    if (text.startsWith("P") || text.startsWith("p")) {
      return Duration.parse(text.toUpperCase(java.util.Locale.ROOT));
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          where + " '" + text + "' is not a duration; write e.g. 90s, 30m, 12h, 1d or P1D");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
