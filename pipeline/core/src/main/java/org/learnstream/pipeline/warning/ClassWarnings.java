package org.learnstream.pipeline.warning;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The alerts of one class (tenant, course, section) and its learners, to tell a class-wide pattern from per-learner
 * alerts: when one rule (and skill) has alerted at least {@link ClassPatternSettings#share()} of the class's learners
 * within the window (with {@link ClassPatternSettings#openOnly()}: whose alert is still open), the learners' act
 * escalations for it are withheld (their caution alerts and resolutions go on)
 * and the pattern is reported instead; a specialist acting on each learner of a class away on a holiday, or of a
 * section that all failed one quiz, would be acting on the teaching, not on the learners. Knows nothing of Flink: the
 * streaming job keeps one per class in keyed state and the offline evaluation shares it.
 */
public final class ClassWarnings {

  // package-private for ClassWarningsCodec
  final String tenant;
  final String course;
  final String section;
  /** Newest event time of each learner of the class. */
  final Map<String, Long> lastSeen = new HashMap<>();
  /** By rule (and skill): each learner's newest alert raising (with open_only: while that alert is open). */
  final Map<String, Map<String, Long>> raised = new HashMap<>();
  /** By rule (and skill): the start of the class-wide pattern in progress. */
  final Map<String, Long> patterns = new HashMap<>();

  public ClassWarnings(String tenant, String course, String section) {
    this.tenant = tenant;
    this.course = course;
    this.section = section;
  }

  /** A learning event of a learner of the class. */
  public void onActivity(String learner, long time) {
    lastSeen.merge(learner, time, Math::max);
  }

  /**
   * An alert change of a learner of the class, in event-time order. Returns whether it goes on to specialists: false
   * for an act escalation of a class-wide pattern. A pattern that begins or reaches more learners goes to {@code out}.
   */
  public boolean onAlert(AlertChange change, ClassPatternSettings settings, List<ClassPattern> out) {
    return onAlert(change.rule().id(), change.skill(), change.learner(), change.at(), change.version(), settings, out);
  }

  /**
   * {@link #onAlert(AlertChange, ClassPatternSettings, List)} from the alert's fields: its rule id, skill (null for
   * learner-wide rules), learner, the event time of the change and its version ({@link AlertChange#RAISED} ...).
   */
  public boolean onAlert(String rule, String skill, String learner, long at, long version,
      ClassPatternSettings settings, List<ClassPattern> out) {
    if (!settings.enabled()) {
      return true;
    }
    String key = rule + '|' + (skill == null ? "" : skill);
    // an alerted learner is a learner of the class, also when the alert overtook their answers on the other input
    lastSeen.merge(learner, at, Math::max);
    if (version == AlertChange.RAISED) {
      raised.computeIfAbsent(key, k -> new HashMap<>()).put(learner, at);
    } else if (version == AlertChange.RESOLVED && settings.openOnly()) {
      // The learner got past it: a pattern is the share of the class still in the condition.
      forget(key, learner);
    }
    expire(at, settings);
    int alerted = raised.getOrDefault(key, Map.of()).size();
    int learners = lastSeen.size();
    boolean classWide = learners >= settings.minClassSize() && alerted >= settings.share() * learners;
    if (!classWide) {
      patterns.remove(key);
      return true;
    }
    if (version == AlertChange.RAISED) {
      long start = patterns.computeIfAbsent(key, k -> at);
      out.add(new ClassPattern(tenant, course, section, rule, skill, start, at, alerted, learners));
    }
    return version != AlertChange.ESCALATED;
  }

  private void forget(String key, String learner) {
    Map<String, Long> byLearner = raised.get(key);
    if (byLearner != null) {
      byLearner.remove(learner);
      if (byLearner.isEmpty()) {
        raised.remove(key);
      }
    }
  }

  /** Forgets learners and alerts older than the window before {@code now}; patterns whose alerts all expired end. */
  public void expire(long now, ClassPatternSettings settings) {
    long since = now - settings.windowMillis();
    lastSeen.values().removeIf(t -> t < since);
    raised.values().forEach(byLearner -> byLearner.values().removeIf(t -> t < since));
    endPatternsWithoutAlerts();
  }

  /**
   * Forgets an erased learner: their activity and alerts leave the class, so the next alert of the class counts its
   * learners and alerted learners without them, and a pattern that only their alerts kept up ends. Returns whether
   * the class knew the learner.
   */
  public boolean forget(String learner) {
    return forgetIf(learner::equals);
  }

  /**
   * {@link #forget} of every learner {@code erased} matches: an erasure names the learner by digest, which only
   * hashing each learner of the class finds.
   */
  public boolean forgetIf(Predicate<String> erased) {
    boolean known = lastSeen.keySet().removeIf(erased);
    for (Map<String, Long> byLearner : raised.values()) {
      known |= byLearner.keySet().removeIf(erased);
    }
    endPatternsWithoutAlerts();
    return known;
  }

  private void endPatternsWithoutAlerts() {
    raised.values().removeIf(Map::isEmpty);
    patterns.keySet().removeIf(k -> !raised.containsKey(k));
  }

  /** Whether nothing within the window is left: the state may be dropped. */
  public boolean isEmpty() {
    return lastSeen.isEmpty() && raised.isEmpty();
  }

  /** When {@link #expire} next has something to drop; Long.MAX_VALUE when the state is empty. */
  public long nextExpiry(ClassPatternSettings settings) {
    long oldest = Long.MAX_VALUE;
    for (long t : lastSeen.values()) {
      oldest = Math.min(oldest, t);
    }
    for (Map<String, Long> byLearner : raised.values()) {
      for (long t : byLearner.values()) {
        oldest = Math.min(oldest, t);
      }
    }
    return oldest == Long.MAX_VALUE ? oldest : oldest + settings.windowMillis() + 1;
  }
}
