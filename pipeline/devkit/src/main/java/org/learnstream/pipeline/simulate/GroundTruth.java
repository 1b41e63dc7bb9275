package org.learnstream.pipeline.simulate;

import java.util.List;

/** The hidden truth of a simulated cohort, to check estimates and alerts against. */
public record GroundTruth(CohortSpec spec, List<LearnerTruth> learners) {

  public GroundTruth {
    learners = List.copyOf(learners);
  }

  public long totalStatements() {
    long n = 0;
    for (LearnerTruth l : learners) {
      n += l.statements();
    }
    return n;
  }

  public List<LearnerTruth> withBehaviour(Behaviour behaviour) {
    return learners.stream().filter(l -> l.behaviour() == behaviour).toList();
  }

  public LearnerTruth learner(String email) {
    for (LearnerTruth l : learners) {
      if (l.email().equals(email)) {
        return l;
      }
    }
    throw new IllegalArgumentException("no learner " + email + " in this cohort");
  }
}
