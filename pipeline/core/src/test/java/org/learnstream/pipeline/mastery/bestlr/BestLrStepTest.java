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
  void aCorrectionAddsNothingAndAVoidedRowTakesItsAnswerOut() {
    MemoryStore learner = new MemoryStore();
    BestLrStep.apply(MODEL, learner, learner.next("decimals", "q2", true));
    BestLrStep.apply(MODEL, learner, learner.next("fractions", "q1", true));
    BestLrStep.apply(MODEL, learner, learner.next("fractions", "q1", false));

    // a void of the correct fractions answer: its row marked voided, then the failure re-emitted as the first answer
    BestLrStep.apply(MODEL, learner, new BestLrStep.Update("fractions", null, true, new Counts(1, 0), false, true));
    BestLrStep.Prediction correction = BestLrStep.apply(MODEL, learner,
        new BestLrStep.Update("fractions", null, false, new Counts(0, 1), false, false));

    assertThat(learner.overall()).isEqualTo(new Counts(1, 1));
    assertThat(correction.pCorrect()).as("predicted from the counts without its own answer").isCloseTo(
        MODEL.predict(LearnerCounts.of(new Counts(1, 0), Map.of()), null, List.of("fractions")), within(1e-15));
  }

  @Test
  void theOverallCountsDoNotDependOnHowTheRowsOfTwoSkillsInterleave() {
    List<BestLrStep.Update> fractions = List.of(
        new BestLrStep.Update("fractions", "q1", true, new Counts(1, 0), true, false),
        new BestLrStep.Update("fractions", "q1", false, new Counts(1, 1), true, false),
        new BestLrStep.Update("fractions", null, false, new Counts(0, 1), false, false));
    List<BestLrStep.Update> decimals = List.of(
        new BestLrStep.Update("decimals", "q2", false, new Counts(0, 1), true, false),
        new BestLrStep.Update("decimals", "q2", false, new Counts(0, 1), true, true));
    MemoryStore oneThenOther = new MemoryStore();
    MemoryStore interleaved = new MemoryStore();

    fractions.forEach(u -> BestLrStep.apply(MODEL, oneThenOther, u));
    decimals.forEach(u -> BestLrStep.apply(MODEL, oneThenOther, u));
    for (int i = 0; i < 3; i++) {
      BestLrStep.apply(MODEL, interleaved, fractions.get(i));
      if (i < 2) {
        BestLrStep.apply(MODEL, interleaved, decimals.get(i));
      }
    }

    assertThat(oneThenOther.overall()).isEqualTo(interleaved.overall()).isEqualTo(new Counts(1, 1));
  }

  @Test
  void aVoidedRowNeverTakesTheCountsBelowZero() {
    MemoryStore restored = new MemoryStore();

    BestLrStep.apply(MODEL, restored, new BestLrStep.Update("fractions", null, true, new Counts(3, 0), false, true));

    assertThat(restored.overall()).isEqualTo(Counts.NONE);
  }
}
