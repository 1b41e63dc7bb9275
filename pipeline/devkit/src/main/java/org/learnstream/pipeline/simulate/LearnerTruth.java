package org.learnstream.pipeline.simulate;

import java.time.Instant;
import java.util.List;

/**
 * Hidden truth for one learner.
 *
 * @param onset         DISENGAGE / RAPID_GUESS: midnight (cohort zone) starting the day the behaviour
 *                      begins; WHEEL_SPIN: the first answer on the affected skill (null if never reached);
 *                      NONE: null
 *                      FORGET / STRUGGLE: like DISENGAGE
 * @param affectedSkill WHEEL_SPIN: the skill the learner cannot learn; otherwise null
 * @param statements    how many statements the learner produced
 * @param lastActivity  timestamp of the learner's last statement, null if none
 * @param skills        per skill, in the cohort's skill order
 * @param forgotten     FORGET: the skills known at the onset and forgotten then (maybe empty); otherwise empty
 */
public record LearnerTruth(int index, String email, String displayName, String actorKey, String section,
    Behaviour behaviour, Instant onset, String affectedSkill, long statements, Instant lastActivity,
    List<SkillTruth> skills, List<String> forgotten) {

  public LearnerTruth {
    skills = List.copyOf(skills);
    forgotten = List.copyOf(forgotten);
  }

  public SkillTruth skill(String skillId) {
    for (SkillTruth s : skills) {
      if (s.skillId().equals(skillId)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no skill " + skillId + " in this cohort");
  }
}
