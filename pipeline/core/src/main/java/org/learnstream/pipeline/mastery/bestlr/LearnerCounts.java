package org.learnstream.pipeline.mastery.bestlr;

import java.util.HashMap;
import java.util.Map;

/**
 * What Best-LR reads of one learner: counts over all skills and counts per skill. The job keeps the overall pair
 * per learner and one pair per learner x skill in keyed state ({@link BestLrStep}); this class hands them to
 * {@link BestLrModel#predict} together.
 */
public final class LearnerCounts {

  private Counts overall = Counts.NONE;
  private final Map<String, Counts> perSkill = new HashMap<>();

  /** A learner with no responses yet. */
  public LearnerCounts() {
  }

  /** A learner's counts as read back from keyed state: overall and on the skills of the next response. */
  public static LearnerCounts of(Counts overall, Map<String, Counts> perSkill) {
    LearnerCounts counts = new LearnerCounts();
    counts.overall = overall;
    counts.perSkill.putAll(perSkill);
    return counts;
  }

  public Counts overall() {
    return overall;
  }

  public Counts skill(String skill) {
    return perSkill.getOrDefault(skill, Counts.NONE);
  }

  /** Counts one response on the given skills: once overall, once on each skill. */
  void record(Iterable<String> skills, boolean correct) {
    overall = overall.after(correct);
    for (String skill : skills) {
      perSkill.put(skill, skill(skill).after(correct));
    }
  }
}
