package org.learnstream.pipeline.evaluation;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.learnstream.pipeline.warning.spi.Tier;

/**
 * What a specialist who reads one tier of alerts (one rule, or every rule, at caution or at act) sees over a simulated
 * cohort, counted in learners rather than alerts: a specialist acts on a learner, not on each of their alerts.
 *
 * @param rule                  the rule's id, or {@code all} for every rule together
 * @param alertedLearners       learners with at least one alert of the tier
 * @param ownLearners           of those, learners with the rule's own injected behaviour alerted at or after its onset
 *                              (for skill rules on an affected skill); 0 for {@code all}
 * @param positives             learners with the rule's behaviour whose onset lies within the cohort
 * @param ordinaryLearners      learners without any injected behaviour
 * @param ordinaryAlertedByWeek per simulated week (7 days from the cohort's start), ordinary learners with an alert of
 *                              the tier raised in that week
 */
public record TierFigures(String rule, Tier tier, int alertedLearners, int ownLearners, int positives,
    int ordinaryLearners, List<Integer> ordinaryAlertedByWeek) {

  public TierFigures {
    ordinaryAlertedByWeek = List.copyOf(ordinaryAlertedByWeek);
  }

  /** Alerted learners who have the rule's own behaviour; null when no learner was alerted or it has no behaviour. */
  public Double ownLearnerPrecision() {
    return alertedLearners == 0 || positives == 0 ? null : ownLearners / (double) alertedLearners;
  }

  /** Learners with the rule's behaviour alerted by this tier; null when there are none. */
  public Double recall() {
    return positives == 0 ? null : ownLearners / (double) positives;
  }

  /** Share of ordinary learners alerted by this tier, per week. */
  public List<Double> ordinaryWeeklyShares() {
    return ordinaryAlertedByWeek.stream().map(n -> ordinaryLearners == 0 ? 0.0 : n / (double) ordinaryLearners)
        .toList();
  }

  /** The largest weekly share of ordinary learners alerted by this tier. */
  public double maxOrdinaryWeeklyShare() {
    return ordinaryWeeklyShares().stream().mapToDouble(Double::doubleValue).max().orElse(0.0);
  }

  /**
   * {@code tier rule=... tier=... ordinary_weekly_share=w1,w2,.. max_ordinary_weekly_share=...
   * alerted_learners=... own_learner_precision=... learner_recall=...}.
   */
  public String line() {
    String weekly = ordinaryWeeklyShares().stream().map(TierFigures::figure).collect(Collectors.joining(","));
    return "tier rule=" + rule + " tier=" + tier.id() + " ordinary_weekly_share=" + weekly
        + " max_ordinary_weekly_share=" + figure(maxOrdinaryWeeklyShare()) + " alerted_learners=" + alertedLearners
        + " own_learner_precision=" + figure(ownLearnerPrecision()) + " learner_recall=" + figure(recall());
  }

  static String figure(Double v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
  }
}
