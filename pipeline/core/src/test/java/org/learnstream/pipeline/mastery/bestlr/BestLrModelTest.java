package org.learnstream.pipeline.mastery.bestlr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BestLrModelTest {

  // columns: overall successes, overall failures, fractions (effect, successes, failures),
  // decimals (effect, successes, failures), item q1
  private static final FeatureLayout LAYOUT = new FeatureLayout(List.of("fractions", "decimals"), List.of("q1"));
  private static final double[] WEIGHTS = {0.1, -0.2, 0.3, 0.4, -0.5, -0.6, 0.7, -0.8, 0.9};
  private static final BestLrModel MODEL = new BestLrModel("best-lr/test", LAYOUT, WEIGHTS, -0.05);

  @Test
  void aNewLearnerIsPredictedFromTheBiasTheSkillEffectAndTheItemEffect() {
    double p = MODEL.predict(new LearnerCounts(), "q1", List.of("fractions"));

    assertThat(p).isCloseTo(sigmoid(-0.05 + 0.3 + 0.9), within(1e-15));
  }

  @Test
  void earlierSuccessesAndFailuresEnterAsLogOfOnePlusTheCountOverallAndOnTheSkill() {
    LearnerCounts learner = new LearnerCounts();
    answer(learner, "q1", "fractions", true);
    answer(learner, "q1", "fractions", true);
    answer(learner, "q2", "decimals", false);

    double p = MODEL.predict(learner, "q1", List.of("fractions"));

    double logit = -0.05 + 0.1 * Math.log(3) - 0.2 * Math.log(2) + 0.3 + 0.4 * Math.log(3) + 0.9;
    assertThat(p).isCloseTo(sigmoid(logit), within(1e-15));
  }

  @Test
  void anUpdateCountsOnceOverallAndOnceOnEachDistinctSkill() {
    LearnerCounts learner = new LearnerCounts();

    BestLrModel.update(learner, new BestLrModel.Response("q1", List.of("fractions", "decimals", "fractions"), false));

    assertThat(learner.overall()).isEqualTo(new Counts(0, 1));
    assertThat(learner.skill("fractions")).isEqualTo(new Counts(0, 1));
    assertThat(learner.skill("decimals")).isEqualTo(new Counts(0, 1));
    assertThat(learner.skill("geometry")).isEqualTo(Counts.NONE);
  }

  @Test
  void skillsAndItemsTheModelWasNotFittedOnAddNothing() {
    LearnerCounts learner = new LearnerCounts();
    answer(learner, "new", "geometry", true);

    double p = MODEL.predict(learner, "unseen item", List.of("geometry"));

    assertThat(p).isCloseTo(sigmoid(-0.05 + 0.1 * Math.log(2)), within(1e-15));
  }

  @Test
  void aResponseOnTwoSkillsAddsTheTermsOfBothWhateverTheirOrder() {
    double both = MODEL.predict(new LearnerCounts(), null, List.of("decimals", "fractions"));

    assertThat(both).isCloseTo(sigmoid(-0.05 + 0.3 - 0.6), within(1e-15));
    assertThat(MODEL.predict(new LearnerCounts(), null, List.of("fractions", "decimals"))).isEqualTo(both);
  }

  @Test
  void countsReadBackFromStateGiveTheSamePredictionAsTheLearnerTheyWereTakenFrom() {
    LearnerCounts learner = new LearnerCounts();
    answer(learner, "q1", "fractions", true);
    answer(learner, "q2", "decimals", false);
    answer(learner, "q1", "fractions", false);

    LearnerCounts restored = LearnerCounts.of(learner.overall(), Map.of("fractions", learner.skill("fractions")));

    assertThat(restored.overall()).isEqualTo(new Counts(1, 2));
    assertThat(MODEL.predict(restored, "q1", List.of("fractions")))
        .isEqualTo(MODEL.predict(learner, "q1", List.of("fractions")));
  }

  @Test
  void weightsThatDoNotMatchTheLayoutAreRefused() {
    assertThatThrownBy(() -> new BestLrModel("best-lr/x", LAYOUT, new double[3], 0.0))
        .hasMessageContaining("the layout has 9 columns but 3 weights were given");
  }

  private static void answer(LearnerCounts learner, String item, String skill, boolean correct) {
    BestLrModel.update(learner, new BestLrModel.Response(item, List.of(skill), correct));
  }

  private static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }
}
