package org.learnstream.pipeline.mastery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EmFitterRecoveryTest {

  private static final Map<String, BktParameters> TRUTH = Map.of(
      "slow-learners", BktParameters.of(0.20, 0.08, 0.25, 0.10),
      "quick-learners", BktParameters.of(0.35, 0.30, 0.15, 0.08),
      "many-know-it", BktParameters.of(0.60, 0.15, 0.20, 0.15),
      "hard-to-guess", BktParameters.of(0.10, 0.12, 0.05, 0.20));

  @Test
  void recoversPriorLearnGuessAndSlipOfSimulatedLearnersWithinFiveHundredths() {
    Random random = new Random(20261122L);
    List<ResponseTable.SkillSequences> skills = new ArrayList<>();
    TRUTH.keySet().stream().sorted()
        .forEach(skill -> skills.add(BktSimulator.simulate(skill, TRUTH.get(skill), 500, 30, random)));
    AtomicInteger progress = new AtomicInteger();

    EmFitter.FitResult result = new EmFitter(EmFitter.Options.defaults())
        .fitAll(new ResponseTable(skills, 0), "simulated", fit -> progress.incrementAndGet());

    assertThat(progress).hasValue(4);
    assertThat(result.fits()).hasSize(4);
    for (EmFitter.SkillFit fit : result.fits()) {
      BktParameters truth = TRUTH.get(fit.skill());
      BktParameters fitted = fit.parameters();
      System.out.printf("%-15s truth %s%n%-15s fit   %s (%d iterations, LL %.1f)%n", fit.skill(), truth, "",
          fitted, fit.iterations(), fit.logLikelihood());
      assertThat(fitted.prior()).as("%s prior", fit.skill()).isCloseTo(truth.prior(), within(0.05));
      assertThat(fitted.learn()).as("%s learn", fit.skill()).isCloseTo(truth.learn(), within(0.05));
      assertThat(fitted.guess()).as("%s guess", fit.skill()).isCloseTo(truth.guess(), within(0.05));
      assertThat(fitted.slip()).as("%s slip", fit.skill()).isCloseTo(truth.slip(), within(0.05));
      assertThat(fitted.forget()).isZero();
      assertThat(result.parameters().forSkill(fit.skill())).isEqualTo(fitted);
    }
  }

  @Test
  void fittingForgettingRecoversAForgettingRate() {
    BktParameters truth = new BktParameters(0.3, 0.2, 0.2, 0.1, 0.05);
    ResponseTable.SkillSequences data = BktSimulator.simulate("forgetful", truth, 1000, 30, new Random(7));
    EmFitter.SkillFit fit = new EmFitter(EmFitter.Options.defaults().withForgetting(true)).fit(data);
    assertThat(fit.parameters().forget()).isCloseTo(0.05, within(0.03));
    assertThat(fit.parameters().learn()).isCloseTo(0.2, within(0.05));
  }

  @Test
  void theBestStartNeverScoresBelowTheDefaultStartAlone() {
    ResponseTable.SkillSequences data = BktSimulator.simulate("s", BktParameters.of(0.5, 0.1, 0.3, 0.2), 200, 20,
        new Random(3));
    double single = new EmFitter(EmFitter.Options.defaults().withRestarts(1)).fit(data).logLikelihood();
    double several = new EmFitter(EmFitter.Options.defaults().withRestarts(6)).fit(data).logLikelihood();
    assertThat(several).isGreaterThanOrEqualTo(single);
  }

  @Test
  void fittedGuessAndSlipStayBelowAHalf() {
    // Learners who answer at random: nothing to learn, the fit must not flip known and unknown.
    Random random = new Random(11);
    int learners = 300;
    int attempts = 15;
    String[] users = new String[learners];
    int[] starts = new int[learners + 1];
    byte[] correct = new byte[learners * attempts];
    for (int u = 0; u < learners; u++) {
      users[u] = "u" + u;
      starts[u] = u * attempts;
      for (int a = 0; a < attempts; a++) {
        correct[u * attempts + a] = (byte) (random.nextDouble() < 0.5 ? 1 : 0);
      }
    }
    starts[learners] = learners * attempts;
    BktParameters p = new EmFitter(EmFitter.Options.defaults())
        .fit(new ResponseTable.SkillSequences("noise", users, starts, correct)).parameters();
    assertThat(p.guess()).isLessThan(0.5);
    assertThat(p.slip()).isLessThan(0.5);
    assertThat(1 - p.slip()).isGreaterThan(p.guess());
  }
}
