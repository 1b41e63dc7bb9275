package org.learnstream.pipeline.mastery.bestlr;

import java.util.HashMap;
import java.util.Map;

/**
 * One learner in memory, for replays of a response file: {@link BestLrStep}'s overall counts, and the counts per
 * skill that the job's mastery operator keeps and states on each update.
 */
public final class MemoryStore implements BestLrStep.Store {

  private Counts overall = Counts.NONE;
  private final Map<String, Counts> skills = new HashMap<>();

  @Override
  public Counts overall() {
    return overall;
  }

  @Override
  public void overall(Counts overall) {
    this.overall = overall;
  }

  /** The update the mastery operator emits for the learner's next answer on {@code skill}. */
  public BestLrStep.Update next(String skill, String item, boolean correct) {
    Counts after = skills.getOrDefault(skill, Counts.NONE).after(correct);
    skills.put(skill, after);
    return new BestLrStep.Update(skill, item, correct, after, true, false);
  }
}
