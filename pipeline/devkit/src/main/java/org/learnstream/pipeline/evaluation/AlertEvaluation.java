package org.learnstream.pipeline.evaluation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.learnstream.pipeline.mastery.MasteryTracker;
import org.learnstream.pipeline.mastery.BktParameters;
import org.learnstream.pipeline.simulate.Behaviour;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.GroundTruth;
import org.learnstream.pipeline.simulate.LearnerTruth;
import org.learnstream.pipeline.simulate.SimulatedStatement;
import org.learnstream.pipeline.warning.AlertChange;
import org.learnstream.pipeline.warning.LearnerWarnings;
import org.learnstream.pipeline.warning.WarningRules;
import org.learnstream.pipeline.warning.rules.WheelSpinningRule;
import org.learnstream.pipeline.warning.spi.MasteryPoint;
import org.learnstream.pipeline.warning.spi.Observation;
import org.learnstream.pipeline.warning.spi.WarningRule;

/**
 * Runs the rules over a simulated cohort in event-time order (the watermark is the newest event time; timers fire
 * as it passes them) and scores them against the simulator's hidden truth ({@link AtRiskTruth}). Each rule has its
 * own injected behaviour ({@link Behaviour#rule()}); a rule without one is scored on precision only.
 * <ul>
 *   <li>recall: learners with the rule's behaviour (onset within the cohort, and for skill rules an affected skill)
 *       that the rule alerted at or after the onset (for skill rules: on an affected skill);</li>
 *   <li>precision: raised alerts that point at a learner at risk when they were raised: an injected behaviour whose
 *       onset has passed and that affects the alert's skill (learner-wide rules: the skill of the newest answer in
 *       the evidence), or a stuck learner x skill. Several behaviours rightly share a symptom (a rapid guesser fails
 *       many answers in a row and loses mastered skills), so any of them makes an alert correct; an alert on a learner
 *       who is not at risk (an ordinary learner's slips or lucky guesses, a skill they know) is a false positive;</li>
 *   <li>own_precision: raised alerts that point at the rule's own behaviour (for wheel_spinning: or a stuck
 *       learner x skill), printed so that cross-talk between behaviours stays visible;</li>
 *   <li>median lead time: from the onset to the first alert that detects it.</li>
 * </ul>
 * P(L) for mastery decline comes from BKT with the pipeline's default parameters, as in the streaming job without
 * a fitted parameter set.
 */
public final class AlertEvaluation {

  /**
   * Figures of one rule. recall/precision/medianLeadTime are null when there is nothing to divide by.
   *
   * @param positives     learners with the rule's behaviour whose onset lies within the cohort
   * @param detected      positives alerted by the rule at or after the onset
   * @param alerts        alerts raised by the rule
   * @param ownCorrect    raised alerts that point at the rule's own behaviour (precision's stricter sibling)
   * @param atRiskCorrect raised alerts that point at a learner at risk (precision's numerator)
   */
  public record RuleFigures(WarningRule<?, ?> rule, int positives, int detected, int alertedLearners, int alerts,
      int ownCorrect,
      int atRiskCorrect, Double recall, Double precision, Double ownPrecision,
      Duration medianLeadTime) {

    /** {@code rule=... recall=... precision=... median_lead_time=...}, then the counts behind them. */
    public String line() {
      return "rule=" + rule.id() + " recall=" + figure(recall) + " precision=" + figure(precision)
          + " median_lead_time=" + (medianLeadTime == null ? "n/a" : hours(medianLeadTime))
          + " own_precision=" + figure(ownPrecision) + " positives=" + positives + " detected=" + detected
          + " alerts=" + alerts + " alerted_learners=" + alertedLearners + " own_learner_precision="
          + figure(ownLearnerPrecision());
    }

    /** Alerted learners in whom the rule detected its own behaviour; null when it alerted nobody. */
    public Double ownLearnerPrecision() {
      return alertedLearners == 0 || positives == 0 ? null : detected / (double) alertedLearners;
    }

    private static String figure(Double v) {
      return TierFigures.figure(v);
    }

    private static String hours(Duration d) {
      return String.format(java.util.Locale.ROOT, "%.1fh", d.toMillis() / 3_600_000.0);
    }
  }

  /**
   * @param tiers per rule and tier (caution, act), then per tier over every rule: the learners each reaches
   */
  public record Result(List<RuleFigures> rules, List<TierFigures> tiers, int learners, long statements,
      List<AlertChange> alerts, ClassFigures classes) {

    public RuleFigures rule(WarningRule<?, ?> rule) {
      return rules.stream().filter(r -> r.rule() == rule).findFirst().orElseThrow();
    }
  }

  private AlertEvaluation() {
  }

  public static Result evaluate(CohortSimulator cohort, WarningRules rules) {
    return evaluate(cohort, rules, null);
  }

  /**
   * Scores the rules over the cohort with {@code classEvent} (null: none) applied to it; alerts pass through their
   * class ({@link ClassRun}) as in the job, so act alerts of a class-wide pattern are withheld.
   */
  public static Result evaluate(CohortSimulator cohort, WarningRules rules, ClassEvent classEvent) {
    long start = cohort.spec().start().toEpochMilli();
    long horizon = cohort.spec().start().plus(Duration.ofDays(cohort.spec().days())).toEpochMilli();
    GroundTruth truth = cohort.truth();
    // Stuck: the first answers that could have held the mastery streak within the rule's attempts were all unknown.
    WheelSpinningRule.Settings wheelSpinning = rules.of(WheelSpinningRule.RULE);
    AtRiskTruth atRisk = new AtRiskTruth(truth, wheelSpinning.attempts() - wheelSpinning.masteryStreak() + 1);
    ClassRun classes = new ClassRun(cohort, rules.classPatterns(), classEvent);
    List<AlertChange> alerts = run(cohort, rules, horizon, atRisk, classes);
    List<RuleFigures> figures = new ArrayList<>();
    for (WarningRule<?, ?> rule : rules.rules()) {
      figures.add(score(rule, truth, atRisk, alerts, horizon));
    }
    List<TierFigures> tiers = new TierScoring(truth, alerts, start, horizon).tiers(rules.rules());
    return new Result(List.copyOf(figures), tiers, truth.learners().size(), truth.totalStatements(), alerts,
        classes.figures(truth));
  }

  /** Every alert change the rules produce over the cohort, in event-time order, up to the horizon. */
  static List<AlertChange> run(CohortSimulator cohort, WarningRules rules, long horizon, AtRiskTruth atRisk,
      ClassRun classes) {
    Map<String, LearnerWarnings> learners = new HashMap<>();
    Map<String, Double> pKnown = new HashMap<>();
    PriorityQueue<Timer> timers = new PriorityQueue<>();
    List<AlertChange> out = new ArrayList<>();
    String tenant = cohort.spec().tenant();
    String course = cohort.course();
    Map<String, String> sections = new HashMap<>();
    cohort.learners().forEach(l -> sections.put(l.email(), l.section()));
    Iterator<SimulatedStatement> it = cohort.iterator();
    while (it.hasNext()) {
      SimulatedStatement s = it.next();
      long time = s.timestamp().toEpochMilli();
      if (classes.skipped(s)) {
        continue;
      }
      fireTimers(timers, learners, rules, time - 1, classes, out);
      LearnerWarnings w = learners.computeIfAbsent(s.learnerEmail(), l -> new LearnerWarnings(tenant, l));
      String section = sections.get(s.learnerEmail());
      Observation o = new Observation(s.statementId(), time, course, section, List.of(s.skillId()),
          s.isAnswer() ? s.correct() : null, s.isAnswer() ? s.durationMillis() : null, s.skillId());
      atRisk.observe(s);
      classes.onActivity(s);
      List<AlertChange> changes = new ArrayList<>(w.onObservation(o, rules));
      if (s.isAnswer()) {
        String key = s.learnerEmail() + '|' + s.skillId();
        double before = pKnown.getOrDefault(key, BktParameters.DEFAULTS.prior());
        double after = MasteryTracker.nextPKnown(before, s.correct(), BktParameters.DEFAULTS);
        pKnown.put(key, after);
        changes
            .addAll(w.onMastery(new MasteryPoint(s.statementId(), time, s.skillId(), after, course, section), rules));
      }
      classes.pass(changes, out);
      long deadline = w.nextDeadline(rules);
      if (deadline != Long.MAX_VALUE) {
        timers.add(new Timer(deadline, s.learnerEmail()));
      }
    }
    fireTimers(timers, learners, rules, horizon, classes, out);
    return out;
  }

  private static void fireTimers(PriorityQueue<Timer> timers, Map<String, LearnerWarnings> learners, WarningRules rules,
      long watermark, ClassRun classes, List<AlertChange> out) {
    while (!timers.isEmpty() && timers.peek().at <= watermark) {
      Timer t = timers.poll();
      LearnerWarnings w = learners.get(t.learner);
      if (w.nextDeadline(rules) == t.at) {
        classes.pass(w.onTime(t.at, rules), out);
        // A caution alert raised now escalates at a later deadline if the learner stays away.
        long next = w.nextDeadline(rules);
        if (next != Long.MAX_VALUE) {
          timers.add(new Timer(next, t.learner));
        }
      }
    }
  }

  private static RuleFigures score(WarningRule<?, ?> rule, GroundTruth truth, AtRiskTruth atRisk,
      List<AlertChange> alerts,
      long horizon) {
    Behaviour behaviour = Behaviour.forRule(rule.id());
    boolean skillRule = rule.perSkill();
    Map<String, List<AlertChange>> byLearner = new HashMap<>();
    int count = 0;
    int own = 0;
    int any = 0;
    for (AlertChange a : alerts) {
      if (a.rule() != rule || a.version() != AlertChange.RAISED) {
        continue;
      }
      count++;
      byLearner.computeIfAbsent(a.learner(), l -> new ArrayList<>()).add(a);
      String skill = skillOf(a, atRisk);
      long t = a.raisedAt();
      if ((behaviour != null && atRisk.injected(a.learner(), behaviour, skillRule ? skill : null, t))
          || (behaviour == Behaviour.WHEEL_SPIN && atRisk.stuck(a.learner(), skill, t))) {
        own++;
      }
      if (atRisk.atRisk(a.learner(), skill, t)) {
        any++;
      }
    }
    int positives = 0;
    int detected = 0;
    List<Long> leads = new ArrayList<>();
    for (LearnerTruth l : behaviour == null ? List.<LearnerTruth>of() : truth.withBehaviour(behaviour)) {
      if (!scorable(l, horizon)) {
        continue;
      }
      positives++;
      Long first = null;
      for (AlertChange a : byLearner.getOrDefault(l.email(), List.of())) {
        if (detects(a, l, rule) && (first == null || a.raisedAt() < first)) {
          first = a.raisedAt();
        }
      }
      if (first != null) {
        detected++;
        leads.add(first - l.onset().toEpochMilli());
      }
    }
    Double recall = positives == 0 ? null : detected / (double) positives;
    Double precision = count == 0 ? null : any / (double) count;
    Double ownPrecision = count == 0 ? null : own / (double) count;
    Duration median = leads.isEmpty() ? null : Duration.ofMillis(median(leads));
    return new RuleFigures(rule, positives, detected, byLearner.size(), count, own, any, recall, precision,
        ownPrecision, median);
  }

  /** Whether the learner's behaviour begins within the cohort and (skill behaviours) affects a skill. */
  static boolean scorable(LearnerTruth l, long horizon) {
    List<String> affected = AtRiskTruth.affectedSkills(l);
    return l.onset() != null && l.onset().toEpochMilli() < horizon && (affected == null || !affected.isEmpty());
  }

  /** Whether a raised alert of the rule detects the learner's behaviour: at or after the onset, on a skill it affects. */
  static boolean detects(AlertChange a, LearnerTruth l, WarningRule<?, ?> rule) {
    List<String> affected = AtRiskTruth.affectedSkills(l);
    boolean skillMatches = !rule.perSkill() || affected == null || affected.contains(a.skill());
    return a.learner().equals(l.email()) && skillMatches && a.at() >= l.onset().toEpochMilli();
  }

  /** The alert's skill; for learner-wide rules the skill of the newest answer in its evidence (null if none). */
  private static String skillOf(AlertChange a, AtRiskTruth atRisk) {
    if (a.skill() != null) {
      return a.skill();
    }
    List<String> events = a.evidenceEvents();
    return events.isEmpty() ? null : atRisk.skillOf(events.get(events.size() - 1));
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private record Timer(long at, String learner) implements Comparable<Timer> {
    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : learner.compareTo(o.learner);
    }
  }
}
