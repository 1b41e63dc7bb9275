package org.learnstream.pipeline.mastery.bestlr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BestLrStepTest {

  // columns: overall successes, overall failures, fractions (effect, successes, failures),
  // decimals (effect, successes, failures), item q1
  private static final BestLrModel MODEL = new BestLrModel("best-lr/test",
      new FeatureLayout(List.of("fractions", "decimals"), List.of("q1")),
      new double[] {0.1, -0.2, 0.3, 0.4, -0.5, -0.6, 0.7, -0.8, 0.9}, -0.05);

  @Test
  void anUpdatesResponseIsPredictedFromTheCountsBeforeItAndTheNextAttemptFromTheCountsAfterIt() {
    MemoryStore learner = new MemoryStore();
    BestLrStep.apply(MODEL, learner, learner.next("decimals", "q2", false));
    BestLrStep.apply(MODEL, learner, learner.next("fractions", "q1", true));

    BestLrStep.Prediction prediction = BestLrStep.apply(MODEL, learner, learner.next("fractions", "q1", false));

    Counts overallBefore = new Counts(1, 1);
    Counts fractionsBefore = new Counts(1, 0);
    assertThat(prediction.pCorrect()).isCloseTo(
        MODEL.predict(LearnerCounts.of(overallBefore, Map.of("fractions", fractionsBefore)), "q1",
            List.of("fractions")),
        within(1e-15));
    assertThat(prediction.pCorrectNext()).isCloseTo(
        MODEL.predict(LearnerCounts.of(new Counts(1, 2), Map.of("fractions", new Counts(1, 1))), null,
            List.of("fractions")),
        within(1e-15));
    assertThat(learner.overall()).isEqualTo(new Counts(1, 2));
  }

  @Test
  void aCorrectionReplacesItsSkillsCountsInTheOverallCountsInsteadOfAddingToThem() {
    MemoryStore learner = new MemoryStore();
    BestLrStep.apply(MODEL, learner, learner.next("decimals", "q2", true));
    BestLrStep.apply(MODEL, learner, learner.next("fractions", "q1", true));
    BestLrStep.apply(MODEL, learner, learner.next("fractions", "q1", false));

    // a void took the correct fractions answer out: the failure is re-emitted as the skill's first response
    BestLrStep.apply(MODEL, learner,
        new BestLrStep.Update("fractions", null, false, new Counts(0, 1), 1L << 32 | 3, false));

    assertThat(learner.overall()).isEqualTo(new Counts(1, 1));
    assertThat(learner.skill("fractions").counts()).isEqualTo(new Counts(0, 1));
  }

  @Test
  void aVoidedRowOrAnOlderRevisionIsPredictedButNotCounted() {
    MemoryStore learner = new MemoryStore();
    BestLrStep.apply(MODEL, learner, learner.next("fractions", "q1", true));
    BestLrStep.apply(MODEL, learner, learner.next("fractions", "q1", true));

    BestLrStep.apply(MODEL, learner,
        new BestLrStep.Update("fractions", "q1", true, new Counts(3, 0), 1L << 32 | 6, true));
    BestLrStep.Prediction stale = BestLrStep.apply(MODEL, learner,
        new BestLrStep.Update("fractions", "q1", true, new Counts(1, 0), 1, false));

    assertThat(learner.overall()).isEqualTo(new Counts(2, 0));
    assertThat(learner.skill("fractions").revision()).isEqualTo(2);
    assertThat(stale.pCorrect()).as("an older row of the skill is predicted from its own counts")
        .isCloseTo(MODEL.predict(new LearnerCounts(), "q1", List.of("fractions")), within(1e-15));
  }
}
