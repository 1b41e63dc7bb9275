package org.learnstream.pipeline.evaluation;

import java.time.ZoneOffset;
import org.learnstream.pipeline.simulate.BehaviourMix;
import org.learnstream.pipeline.simulate.CohortSpec;
import org.learnstream.pipeline.simulate.Practice;
import org.learnstream.pipeline.simulate.SkillCatalog;

/** Seeded cohorts with known at-risk learners, for scoring the rules. */
public final class AlertCohorts {

  private AlertCohorts() {
  }

  /**
   * 400 learners over 28 days (four school weeks, so a learner who disengages late still has time to be
   * noticed before the cohort ends), 5 % of learners with each of the five at-risk behaviours (one per rule).
   */
  public static CohortSpec evaluation() {
    return evaluation(20260401L);
  }

  public static CohortSpec evaluation(long seed) {
    return new CohortSpec(seed, "eval", 400, SkillCatalog.defaults(seed, 10), 28, CohortSpec.DEMO_START,
        ZoneOffset.UTC, 16, BehaviourMix.everyBehaviour(0.05), Practice.typical());
  }
}
