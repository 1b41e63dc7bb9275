package org.learnstream.pipeline.mastery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BktTest {

  private static final BktParameters P = new BktParameters(0.25, 0.15, 0.2, 0.1, 0.0);
  private static final double TOL = 1e-12;

  @Test
  void predictsCorrectnessFromKnownAndUnknownMixture() {
    // 0.25 * (1 - 0.1) + 0.75 * 0.2 = 0.225 + 0.15
    assertThat(Bkt.predictCorrect(0.25, P)).isCloseTo(0.375, within(TOL));
  }

  @Test
  void posteriorAfterCorrectAnswerFollowsBayesRule() {
    // 0.25 * 0.9 / (0.25 * 0.9 + 0.75 * 0.2) = 0.225 / 0.375
    assertThat(Bkt.posterior(0.25, true, P)).isCloseTo(0.6, within(TOL));
  }

  @Test
  void posteriorAfterWrongAnswerFollowsBayesRule() {
    // 0.25 * 0.1 / (0.25 * 0.1 + 0.75 * 0.8) = 0.025 / 0.625
    assertThat(Bkt.posterior(0.25, false, P)).isCloseTo(0.04, within(TOL));
  }

  @Test
  void transitionAddsLearningToTheUnknownShare() {
    // 0.6 + 0.4 * 0.15
    assertThat(Bkt.transition(0.6, P)).isCloseTo(0.66, within(TOL));
  }

  @Test
  void transitionWithForgettingLosesPartOfTheKnownShare() {
    BktParameters forgetting = new BktParameters(0.25, 0.15, 0.2, 0.1, 0.1);
    // 0.6 * (1 - 0.1) + 0.4 * 0.15 = 0.54 + 0.06
    assertThat(Bkt.transition(0.6, forgetting)).isCloseTo(0.6, within(TOL));
  }

  @Test
  void updateIsPosteriorThenTransition() {
    assertThat(Bkt.update(0.25, true, P)).isCloseTo(0.66, within(TOL));
    // 0.04 + 0.96 * 0.15
    assertThat(Bkt.update(0.25, false, P)).isCloseTo(0.184, within(TOL));
  }

  @Test
  void defaultsAreTheDocumentedLiteratureValues() {
    assertThat(BktParameters.DEFAULTS).isEqualTo(new BktParameters(0.25, 0.15, 0.2, 0.1, 0.0));
  }

  @Test
  void rejectsAGuessOfAHalfOrMoreNamingTheRule() {
    assertThatThrownBy(() -> BktParameters.of(0.3, 0.1, 0.5, 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("guess must be < 0.5");
  }

  @Test
  void rejectsASlipOfAHalfOrMoreNamingTheRule() {
    assertThatThrownBy(() -> BktParameters.of(0.3, 0.1, 0.2, 0.7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slip must be < 0.5");
  }

  @Test
  void rejectsAProbabilityOutsideZeroToOneNamingTheParameter() {
    assertThatThrownBy(() -> new BktParameters(1.2, 0.1, 0.2, 0.1, 0))
        .hasMessageContaining("prior must be a probability in [0, 1]");
    assertThatThrownBy(() -> new BktParameters(0.2, -0.1, 0.2, 0.1, 0))
        .hasMessageContaining("learn must be a probability");
    assertThatThrownBy(() -> new BktParameters(0.2, 0.1, 0.2, 0.1, Double.NaN))
        .hasMessageContaining("forget must be a probability");
  }
}
