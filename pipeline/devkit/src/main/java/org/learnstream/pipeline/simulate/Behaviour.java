package org.learnstream.pipeline.simulate;

/**
 * At-risk behaviours that can be injected into simulated learners, each with the id of the early-warning rule meant
 * to find it (scored by the alert evaluation).
 */
public enum Behaviour {
  /** Practises normally. */
  NONE(null),
  /** Stops all activity from the onset day on. */
  DISENGAGE("inactivity"),
  /** Cannot learn one skill (learn rate 0) and keeps failing it: never 3 correct in a row (Beck and Gong 2013). */
  WHEEL_SPIN("wheel_spinning"),
  /** From the onset on, most answers take 1-3 s and are correct only at the skill's guess rate. */
  RAPID_GUESS("rapid_guessing"),
  /**
   * On the onset day forgets every skill they know and cannot relearn them within the cohort; their practice goes
   * back to the forgotten skills (in curriculum order), where they now answer at the guess rate.
   */
  FORGET("mastery_decline"),
  /**
   * From the onset on, answers wrong nine times in ten whatever they know (they have lost the thread of the class),
   * taking the usual time to answer.
   */
  STRUGGLE("failure_streak");

  private final String rule;

  Behaviour(String rule) {
    this.rule = rule;
  }

  /** The id of the early-warning rule meant to find this behaviour; null for NONE. */
  public String rule() {
    return rule;
  }

  /** The behaviour injected for the rule with this id, or null when the simulator has none for it. */
  public static Behaviour forRule(String ruleId) {
    for (Behaviour b : values()) {
      if (ruleId.equals(b.rule)) {
        return b;
      }
    }
    return null;
  }
}
