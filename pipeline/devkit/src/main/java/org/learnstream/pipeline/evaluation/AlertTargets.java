package org.learnstream.pipeline.evaluation;

import java.util.ArrayList;
import java.util.List;
import org.learnstream.pipeline.warning.spi.Tier;

/**
 * The targets of issue 18 for alerts a specialist can act on, checked on an evaluation's figures: every rule keeps
 * recall >= 0.9; at tier act, the learners each rule alerts are at least 80 % learners with its own behaviour; and at
 * most 10 % of ordinary learners receive an act alert in any simulated week.
 */
public final class AlertTargets {

  public static final double MIN_RECALL = 0.9;
  public static final double MIN_ACT_OWN_LEARNER_PRECISION = 0.8;
  public static final double MAX_ACT_ORDINARY_WEEKLY_SHARE = 0.10;

  /** One target: what it measures, the value measured (null: nothing to measure) and whether it holds. */
  public record Target(String name, Double value, boolean met) {

    /** {@code target name value=... met=yes|no}. */
    public String line() {
      return "target " + name + " value=" + TierFigures.figure(value) + " met=" + (met ? "yes" : "no");
    }
  }

  private AlertTargets() {
  }

  public static List<Target> check(AlertEvaluation.Result result) {
    List<Target> out = new ArrayList<>();
    for (AlertEvaluation.RuleFigures f : result.rules()) {
      String rule = f.rule().id();
      out.add(atLeast("rule=" + rule + " recall>=" + MIN_RECALL, f.recall(), MIN_RECALL));
      TierFigures act = act(result, rule);
      out.add(atLeast("rule=" + rule + " act_own_learner_precision>=" + MIN_ACT_OWN_LEARNER_PRECISION,
          act == null ? null : act.ownLearnerPrecision(), MIN_ACT_OWN_LEARNER_PRECISION));
    }
    TierFigures all = act(result, "all");
    double share = all == null ? 0.0 : all.maxOrdinaryWeeklyShare();
    out.add(new Target("act_max_ordinary_weekly_share<=" + MAX_ACT_ORDINARY_WEEKLY_SHARE, share,
        share <= MAX_ACT_ORDINARY_WEEKLY_SHARE));
    return out;
  }

  private static Target atLeast(String name, Double value, double min) {
    return new Target(name, value, value != null && value >= min);
  }

  private static TierFigures act(AlertEvaluation.Result result, String rule) {
    return result.tiers().stream().filter(t -> t.tier() == Tier.ACT && t.rule().equals(rule)).findFirst()
        .orElse(null);
  }
}
