package org.learnstream.pipeline.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.warning.WarningRuleRegistry;
import org.learnstream.pipeline.warning.rules.MasteryDeclineRule;
import org.learnstream.pipeline.warning.WarningRules;
import org.learnstream.pipeline.warning.spi.Tier;
import org.learnstream.pipeline.warning.spi.WarningRule;

class AlertEvaluationTest {

  private static AlertEvaluation.Result result;

  @BeforeAll
  static void evaluate() {
    result = AlertEvaluation.evaluate(new CohortSimulator(AlertCohorts.evaluation()), WarningRules.defaults());
    result.rules().forEach(r -> System.out.println(r.line()));
    result.tiers().forEach(t -> System.out.println(t.line()));
  }

  @Test
  void everyRuleFindsItsInjectedBehaviourWithHighRecallAndPrecision() {
    for (WarningRule<?, ?> rule : WarningRuleRegistry.all()) {
      AlertEvaluation.RuleFigures f = result.rule(rule);
      assertThat(f.positives()).as("%s positives", rule).isGreaterThanOrEqualTo(15);
      assertThat(f.recall()).as("%s recall", rule).isGreaterThanOrEqualTo(0.9);
      assertThat(f.precision()).as("%s precision", rule).isGreaterThanOrEqualTo(0.8);
      assertThat(f.medianLeadTime()).as("%s lead time", rule).isNotNull().isPositive();
    }
  }

  @Test
  void ownLearnerPrecisionIsTheShareOfAlertedLearnersInWhomTheRuleFoundItsOwnBehaviour() {
    for (AlertEvaluation.RuleFigures f : result.rules()) {
      assertThat(f.ownLearnerPrecision()).as("%s", f.rule()).isEqualTo(f.detected() / (double) f.alertedLearners());
    }
  }

  @Test
  void everyRuleAlertsOrdinaryLearnersAtMostAsOftenAsAllRulesTogetherInEachWeek() {
    List<TierFigures> all = result.tiers().stream().filter(t -> t.rule().equals("all")).toList();
    assertThat(all).isNotEmpty();
    for (TierFigures t : result.tiers()) {
      TierFigures total = all.stream().filter(a -> a.tier() == t.tier()).findFirst().orElseThrow();
      assertThat(t.ordinaryAlertedByWeek()).as(t.line()).hasSize(4);
      for (int week = 0; week < 4; week++) {
        assertThat(t.ordinaryAlertedByWeek().get(week)).as(t.line())
            .isLessThanOrEqualTo(total.ordinaryAlertedByWeek().get(week))
            .isLessThanOrEqualTo(t.ordinaryLearners());
      }
      assertThat(t.ownLearners()).as(t.line()).isLessThanOrEqualTo(t.alertedLearners());
    }
  }

  @Test
  void actAlertsFindNineInTenOfEachBehaviourButForgettingThreeInFourAndReachAtMostATenthOfOrdinaryLearnersInAnyWeek() {
    for (WarningRule<?, ?> rule : WarningRuleRegistry.all()) {
      TierFigures act = result.tiers().stream().filter(t -> t.rule().equals(rule.id()) && t.tier() == Tier.ACT)
          .findFirst().orElseThrow();
      // A forgetting learner who also fails twelve in a row is read as a failure streak at act (one cause per
      // learner), and a skill whose P(L) reached mastery on a single update before it was forgotten is no mastered
      // peak (mastered_updates), so a few forgetting learners are found at caution only (docs/alert-scoring.md).
      double min = rule == MasteryDeclineRule.RULE ? 0.75 : AlertTargets.MIN_RECALL;
      assertThat(act.recall()).as(act.line()).isGreaterThanOrEqualTo(min);
    }
    TierFigures all = result.tiers().stream().filter(t -> t.rule().equals("all") && t.tier() == Tier.ACT)
        .findFirst().orElseThrow();
    assertThat(all.maxOrdinaryWeeklyShare()).as(all.line())
        .isLessThanOrEqualTo(AlertTargets.MAX_ACT_ORDINARY_WEEKLY_SHARE);
  }

  @Test
  void everyTargetIsCheckedAndAMissedOneSaysSo() {
    List<AlertTargets.Target> targets = AlertTargets.check(result);
    targets.forEach(t -> System.out.println(t.line()));
    assertThat(targets).hasSize(2 * WarningRuleRegistry.all().size() + 1);
    for (AlertTargets.Target t : targets) {
      assertThat(t.line()).endsWith(t.met() ? "met=yes" : "met=no");
    }
  }

  @Test
  void precisionCountsEveryAlertAndOwnPrecisionIsTheStricterPart() {
    for (AlertEvaluation.RuleFigures f : result.rules()) {
      assertThat(f.alerts()).as("%s alerts", f.rule()).isPositive();
      assertThat(f.precision()).isEqualTo(f.atRiskCorrect() / (double) f.alerts());
      assertThat(f.ownCorrect()).as("%s own-truth alerts", f.rule()).isLessThanOrEqualTo(f.atRiskCorrect());
    }
  }
}
