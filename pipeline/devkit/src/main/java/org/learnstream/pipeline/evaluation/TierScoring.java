package org.learnstream.pipeline.evaluation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.learnstream.pipeline.simulate.Behaviour;
import org.learnstream.pipeline.simulate.GroundTruth;
import org.learnstream.pipeline.simulate.LearnerTruth;
import org.learnstream.pipeline.warning.AlertChange;
import org.learnstream.pipeline.warning.spi.Tier;
import org.learnstream.pipeline.warning.spi.WarningRule;

/**
 * Counts {@link TierFigures}: the learners each tier of each rule (and of every rule together) reaches. Every alert is
 * raised as caution, so the caution tier counts every alert and the act tier the escalated ones, from their escalation.
 */
final class TierScoring {

  private static final long WEEK_MILLIS = 7L * 24 * 3_600_000;

  private final GroundTruth truth;
  private final List<AlertChange> alerts;
  private final long start;
  private final long horizon;
  private final int weeks;

  TierScoring(GroundTruth truth, List<AlertChange> alerts, long start, long horizon) {
    this.truth = truth;
    this.alerts = alerts;
    this.start = start;
    this.horizon = horizon;
    this.weeks = (int) Math.max(1, (horizon - start + WEEK_MILLIS - 1) / WEEK_MILLIS);
  }

  /** A tier per rule and tier its alerts reached, then one per tier over every rule. */
  List<TierFigures> tiers(List<WarningRule<?, ?>> rules) {
    List<TierFigures> out = new ArrayList<>();
    for (WarningRule<?, ?> rule : rules) {
      for (Tier tier : Tier.values()) {
        if (alerts.stream().anyMatch(a -> a.rule() == rule && reached(a, tier))) {
          out.add(tier(rule, tier));
        }
      }
    }
    for (Tier tier : Tier.values()) {
      if (alerts.stream().anyMatch(a -> reached(a, tier))) {
        out.add(tier(null, tier));
      }
    }
    return out;
  }

  private TierFigures tier(WarningRule<?, ?> rule, Tier tier) {
    Predicate<AlertChange> inTier = a -> (rule == null || a.rule() == rule) && reached(a, tier);
    Set<String> alerted = new HashSet<>();
    alerts.stream().filter(inTier).forEach(a -> alerted.add(a.learner()));
    Behaviour behaviour = rule == null ? null : Behaviour.forRule(rule.id());
    int positives = 0;
    int own = 0;
    for (LearnerTruth l : behaviour == null ? List.<LearnerTruth>of() : truth.withBehaviour(behaviour)) {
      if (!AlertEvaluation.scorable(l, horizon)) {
        continue;
      }
      positives++;
      if (alerts.stream().anyMatch(a -> inTier.test(a) && AlertEvaluation.detects(a, l, rule))) {
        own++;
      }
    }
    List<LearnerTruth> ordinary = truth.withBehaviour(Behaviour.NONE);
    Set<String> ordinaryIds = new HashSet<>();
    ordinary.forEach(l -> ordinaryIds.add(l.email()));
    List<Set<String>> byWeek = new ArrayList<>();
    for (int w = 0; w < weeks; w++) {
      byWeek.add(new HashSet<>());
    }
    for (AlertChange a : alerts) {
      int week = (int) ((a.at() - start) / WEEK_MILLIS);
      if (inTier.test(a) && ordinaryIds.contains(a.learner()) && week >= 0 && week < weeks) {
        byWeek.get(week).add(a.learner());
      }
    }
    return new TierFigures(rule == null ? "all" : rule.id(), tier, alerted.size(), own, positives,
        ordinary.size(), byWeek.stream().map(Set::size).toList());
  }

  /** The change that brought the alert to the tier: its raising for caution, its escalation for act. */
  private static boolean reached(AlertChange a, Tier tier) {
    return !a.resolved() && a.tier() == tier;
  }
}
