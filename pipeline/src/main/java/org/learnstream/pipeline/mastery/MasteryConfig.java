package org.learnstream.pipeline.mastery;

import java.util.Objects;

/**
 * How mastery is reported.
 *
 * @param masteryThreshold P(L) at or above which a skill counts as mastered, in (0, 1]
 * @param recentWindow     number of latest attempts behind recentAccuracy, 1..32 (kept as bits of one int)
 * @param modelVersion     model and parameter-set id written on every update, e.g. {@code bkt/defaults}
 */
public record MasteryConfig(double masteryThreshold, int recentWindow, String modelVersion)
    implements java.io.Serializable {

  public static final int MAX_RECENT_WINDOW = Integer.SIZE;

  public MasteryConfig {
    if (!(masteryThreshold > 0.0 && masteryThreshold <= 1.0)) {
      throw new IllegalArgumentException("masteryThreshold must be in (0, 1], got " + masteryThreshold);
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

  public MasteryConfig withModelVersion(String version) {
    return new MasteryConfig(masteryThreshold, recentWindow, version);
  }
}
