package org.learnstream.pipeline.warning;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.learnstream.pipeline.warning.spi.RuleSettings;
import org.learnstream.pipeline.warning.spi.Severity;
import org.learnstream.pipeline.warning.spi.WarningRule;

/**
 * The settings of every registered rule for one tenant. {@link #defaults()} are the built-in values;
 * {@link RulesConfig} overlays a tenant's YAML on them.
 *
 * @param settings    each rule's settings by rule id, in the registry's order
 * @param cooldown    a condition that cleared does not alert again until this long after its last alert
 * @param forgetAfter a learner without any event for this long has left: their state and timers are dropped
 * @param explainedWithin an act alert of a more specific rule ({@link WarningRule#explainedBy}) escalated this long
 *                    ago or less still explains the learner, so the less specific rule's alerts stay caution
 * @param classPatterns when alerts that concern most of a class are a class-wide pattern, not per-learner alerts
 */
public record WarningRules(Map<String, RuleSettings> settings, Duration cooldown, Duration forgetAfter,
    Duration explainedWithin, ClassPatternSettings classPatterns)
    implements
      Serializable {

  public WarningRules {
    RuleSettings.require(cooldown != null && !cooldown.isNegative(), "cooldown", "must be a duration >= 0, e.g. 1d");
    RuleSettings.require(forgetAfter != null && forgetAfter.toMillis() > 0, "forget_after",
        "must be a positive duration, e.g. 30d");
    RuleSettings.require(explainedWithin != null && !explainedWithin.isNegative(), "explained_within",
        "must be a duration >= 0, e.g. 7d");
    RuleSettings.require(classPatterns != null, ClassPatternSettings.SECTION, "must be set");
    for (WarningRule<?, ?> rule : WarningRuleRegistry.all()) {
      if (!settings.containsKey(rule.id())) {
        throw new IllegalArgumentException("warning rules: no settings for rule " + rule.id());
      }
    }
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  public static WarningRules defaults() {
    return build(Map.of(), Duration.ofDays(1), Duration.ofDays(30), Duration.ofDays(7),
        ClassPatternSettings.defaults());
  }

  /** Every registered rule's settings from its section of {@code sections} (absent: its defaults). */
  static WarningRules build(Map<String, Map<String, Object>> sections, Duration cooldown, Duration forgetAfter,
      Duration explainedWithin, ClassPatternSettings classPatterns) {
    Map<String, RuleSettings> settings = new LinkedHashMap<>();
    for (WarningRule<?, ?> rule : WarningRuleRegistry.all()) {
      settings.put(rule.id(), rule.settings(sections.getOrDefault(rule.id(), Map.of())));
    }
    return new WarningRules(settings, cooldown, forgetAfter, explainedWithin, classPatterns);
  }

  /** The registered rules, in the order they are reported. */
  public List<WarningRule<?, ?>> rules() {
    return WarningRuleRegistry.all();
  }

  /** The registered rules, in the order each event is handed to them. */
  public List<WarningRule<?, ?>> inEventOrder() {
    return WarningRuleRegistry.inEventOrder();
  }

  /** The rule's settings, typed as the rule declares them. */
  @SuppressWarnings("unchecked")
  public <S extends RuleSettings> S of(WarningRule<S, ?> rule) {
    return (S) settings.get(rule.id());
  }

  public boolean enabled(WarningRule<?, ?> rule) {
    return settings.get(rule.id()).enabled();
  }

  public Severity severity(WarningRule<?, ?> rule) {
    return settings.get(rule.id()).severity();
  }
}
