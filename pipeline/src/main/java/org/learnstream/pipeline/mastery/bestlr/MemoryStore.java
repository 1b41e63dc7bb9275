package org.learnstream.pipeline.mastery.bestlr;

import java.util.HashMap;
import java.util.Map;

/** {@link BestLrStep}'s counts of one learner in memory, for replays of a response file. */
public final class MemoryStore implements BestLrStep.Store {

  private Counts overall = Counts.NONE;
  private final Map<String, BestLrStep.SkillCounts> skills = new HashMap<>();

  @Override
  public Counts overall() {
    return overall;
  }

  @Override
  public void overall(Counts overall) {
    this.overall = overall;
  }

  @Override
  public BestLrStep.SkillCounts skill(String skill) {
    return skills.get(skill);
  }

  @Override
  public void skill(String skill, BestLrStep.SkillCounts counts) {
    skills.put(skill, counts);
  }

  /** The update a mastery operator would emit for the learner's next response on {@code skill}. */
  public BestLrStep.Update next(String skill, String item, boolean correct) {
    BestLrStep.SkillCounts held = skills.get(skill);
    Counts before = held == null ? Counts.NONE : held.counts();
    long revision = held == null ? 1 : held.revision() + 1;
    return new BestLrStep.Update(skill, item, correct, before.after(correct), revision, false);
  }
}
