package org.learnstream.pipeline.warning.spi;

import java.util.List;
import java.util.Map;

/**
 * What a rule sees of its learner beyond its own state, and how it raises and resolves its alerts. Bound to one rule:
 * {@code skill} is null for learner-wide alerts. Cooldown, severity, tier, ids and the open-alert
 * bookkeeping are the engine's; when a condition has persisted enough to escalate is the rule's.
 */
public interface LearnerContext {

  /** Most statement ids kept as evidence of one alert. */
  int MAX_EVIDENCE_EVENTS = 25;

  /** Event time of the newest event seen; Long.MIN_VALUE before any. */
  long lastActivity();

  /** Statement id of the newest event seen; null before any. */
  String lastStatement();

  /** Whether the rule has an alert raised and not yet resolved for the skill. */
  default boolean isOpen(String skill) {
    return openReference(skill) != null;
  }

  /** The reference value the open alert was raised with; null when no alert is open for the skill. */
  Double openReference(String skill);

  /**
   * Raises an alert unless one raised within the cooldown exists. Null course or section fall back to the learner's
   * newest ones; {@code events} keeps its last {@link #MAX_EVIDENCE_EVENTS}; {@code reference} is kept with the open
   * alert for the rule's own resolution ({@link #openReference}). Does nothing while the rule is disabled.
   */
  void raise(String skill, long time, String course, String section, Map<String, Object> evidence,
      List<String> events, double reference);

  /**
   * The earliest time at which {@link #raise} raises an alert for the skill again: the end of the cooldown of its last
   * alert, or Long.MIN_VALUE when none was raised. A time-driven rule whose deadline falls inside the cooldown waits
   * for this instead, so that a condition that still holds is raised once the cooldown allows it.
   */
  long raisableFrom(String skill);

  /** Whether the rule's open alert for the skill has been escalated to {@link Tier#ACT}. */
  boolean isAct(String skill);

  /**
   * Escalates the open alert for the skill from {@link Tier#CAUTION} to {@link Tier#ACT}: the rule has seen its
   * condition persist. {@code evidence} and {@code events} replace the alert's, so that the act alert says why it
   * escalated. Does nothing when no alert is open, it is already act, or the rule is disabled.
   */
  void escalate(String skill, long time, Map<String, Object> evidence, List<String> events);

  /** Resolves the open alert for the skill at {@code time}, if there is one. */
  void resolve(String skill, long time);
}
