package org.learnstream.pipeline.mastery;

import java.util.Objects;

/**
 * How mastery is reported.
 *
 * @param masteryThreshold P(L) at or above which a skill counts as mastered, in (0, {@link #P_KNOWN_CEILING}]
 * @param recentWindow     number of latest attempts behind recentAccuracy, 1..32 (kept as bits of one int)
 * @param modelVersion     model and parameter-set id written on every update, e.g. {@code bkt/defaults}
 */
public record MasteryConfig(double masteryThreshold, int recentWindow, String modelVersion)
    implements
      java.io.Serializable {

  public static final int MAX_RECENT_WINDOW = Integer.SIZE;

  /**
   * The most P(L) a learner's running estimate may hold. With no forgetting, a long run of correct answers drives
   * P(L) to exactly 1.0 in floating point, and from 1.0 Bayes' rule cannot move it: wrong answers after a learner
   * forgot a skill would go unseen. Held here, five or so wrong answers bring a forgotten skill back below mastery.
   */
  public static final double P_KNOWN_CEILING = 0.9999;

  public MasteryConfig {
    if (!(masteryThreshold > 0.0 && masteryThreshold <= P_KNOWN_CEILING)) {
      throw new IllegalArgumentException("masteryThreshold must be in (0, " + P_KNOWN_CEILING
          + "] (P(L) is held at most " + P_KNOWN_CEILING + "), got " + masteryThreshold);
    }
    if (recentWindow < 1 || recentWindow > MAX_RECENT_WINDOW) {
      throw new IllegalArgumentException("recentWindow must be between 1 and " + MAX_RECENT_WINDOW
          + " (the last attempts are kept as bits of one int), got " + recentWindow);
    }
    Objects.requireNonNull(modelVersion, "modelVersion must be set, e.g. bkt/defaults");
    if (modelVersion.isBlank()) {
      throw new IllegalArgumentException("modelVersion must not be blank, e.g. bkt/defaults");
    }
  }

  /** Threshold 0.95, last 10 attempts, model version {@code bkt/defaults}. */
  public static MasteryConfig defaults() {
    return new MasteryConfig(0.95, 10, "bkt/defaults");
  }
}
