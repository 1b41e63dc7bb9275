package org.learnstream.pipeline.warning;

/**
 * A class-wide pattern: one rule (and skill) alerting at least the configured share of a class's active learners
 * within the window. Written each time it begins or reaches more learners; {@code start} identifies it, so a
 * replay of the same alerts writes the same rows.
 *
 * @param skill           null for learner-wide rules (inactivity)
 * @param start           event time of the alert that made the share reach the threshold
 * @param at              event time of the newest alert counted
 * @param alertedLearners learners of the class alerted by the rule (and skill) within the window
 * @param classLearners   learners active in the class within the window
 */
public record ClassPattern(String tenant, String course, String section, String rule, String skill, long start,
    long at, int alertedLearners, int classLearners) {

  /** The share of the class alerted. */
  public double share() {
    return classLearners == 0 ? 0 : alertedLearners / (double) classLearners;
  }
}
