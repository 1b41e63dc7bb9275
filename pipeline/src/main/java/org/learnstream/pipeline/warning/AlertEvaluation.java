package org.learnstream.pipeline.warning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.learnstream.pipeline.mastery.Bkt;
import org.learnstream.pipeline.mastery.BktParameters;
import org.learnstream.pipeline.simulate.Behaviour;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.GroundTruth;
import org.learnstream.pipeline.simulate.LearnerTruth;
import org.learnstream.pipeline.simulate.SimulatedStatement;

/**
 * Runs the rules over a simulated cohort in event-time order (the watermark is the newest event time; timers fire
 * as it passes them) and scores them against the injected behaviours: disengage -> inactivity, wheel-spin ->
 * wheel_spinning (on the affected skill), rapid-guess -> rapid_guessing. Mastery decline and failure streak have
 * no injected behaviour: their alerts are counted, not scored. P(L) for mastery decline comes from BKT with the
 * pipeline's default parameters, as in the streaming job without a fitted parameter set.
 */
public final class AlertEvaluation {

    /**
     * Figures of one rule. recall/precision/medianLeadTime are null when the rule has no ground truth (or, for
     * lead time, nothing was detected).
     *
     * @param positives        learners with the behaviour whose onset lies within the cohort
     * @param detected         positives alerted by the rule at or after the onset
     * @param alertedLearners  learners with at least one alert of the rule
     * @param alerts           alerts raised by the rule
     */
    public record RuleFigures(Rule rule, boolean scored, int positives, int detected, int alertedLearners,
                              int correctLearners, int alerts, Double recall, Double precision, Duration medianLeadTime) {

        /** {@code rule=... recall=... precision=... median_lead_time=...}, n/a where a figure does not exist. */
        public String line() {
            return "rule=" + rule.id() + " recall=" + figure(recall) + " precision=" + figure(precision)
                    + " median_lead_time=" + (medianLeadTime == null ? "n/a" : hours(medianLeadTime))
                    + " positives=" + (scored ? positives : "n/a") + " alerted_learners=" + alertedLearners
                    + " alerts=" + alerts;
        }

        private static String figure(Double v) {
            return v == null ? "n/a" : String.format(java.util.Locale.ROOT, "%.3f", v);
        }

        private static String hours(Duration d) {
            return String.format(java.util.Locale.ROOT, "%.1fh", d.toMillis() / 3_600_000.0);
        }
    }

    public record Result(List<RuleFigures> rules, int learners, long statements, List<AlertChange> alerts) {

        public RuleFigures rule(Rule rule) {
            return rules.stream().filter(r -> r.rule() == rule).findFirst().orElseThrow();
        }
    }

    private AlertEvaluation() {
    }

    public static Result evaluate(CohortSimulator cohort, WarningRules rules) {
        long horizon = cohort.spec().start().plus(Duration.ofDays(cohort.spec().days())).toEpochMilli();
        Map<String, Long> firstAnswers = new HashMap<>();
        List<AlertChange> alerts = run(cohort, rules, horizon, firstAnswers);
        GroundTruth truth = cohort.truth();
        List<RuleFigures> figures = new ArrayList<>();
        for (Rule rule : Rule.values()) {
            figures.add(rule == Rule.WHEEL_SPINNING
                    ? scoreWheelSpinning(truth, alerts, firstAnswers, rules.wheelSpinning())
                    : score(rule, truth, alerts, horizon));
        }
        long statements = truth.totalStatements();
        return new Result(List.copyOf(figures), truth.learners().size(), statements, alerts);
    }

    /** Every alert change the rules produce over the cohort, in event-time order, up to the horizon. */
    static List<AlertChange> run(CohortSimulator cohort, WarningRules rules, long horizon, Map<String, Long> firstAnswers) {
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
            fireTimers(timers, learners, rules, time - 1, out);
            LearnerWarnings w = learners.computeIfAbsent(s.learnerEmail(), l -> new LearnerWarnings(tenant, l));
            String section = sections.get(s.learnerEmail());
            Observation o = new Observation(s.statementId(), time, course, section, List.of(s.skillId()),
                    s.isAnswer() ? s.correct() : null, s.isAnswer() ? s.durationMillis() : null, s.skillId());
            out.addAll(w.onObservation(o, rules));
            if (s.isAnswer()) {
                String key = s.learnerEmail() + '|' + s.skillId();
                firstAnswers.putIfAbsent(key, time);
                double before = pKnown.getOrDefault(key, BktParameters.DEFAULTS.prior());
                double after = Bkt.update(before, s.correct(), BktParameters.DEFAULTS);
                pKnown.put(key, after);
                out.addAll(w.onMastery(new MasteryPoint(s.statementId(), time, s.skillId(), after, course, section), rules));
            }
            long deadline = w.inactivityDeadline(rules);
            if (deadline != Long.MAX_VALUE) {
                timers.add(new Timer(deadline, s.learnerEmail()));
            }
        }
        fireTimers(timers, learners, rules, horizon, out);
        return out;
    }

    private static void fireTimers(PriorityQueue<Timer> timers, Map<String, LearnerWarnings> learners, WarningRules rules,
                                   long watermark, List<AlertChange> out) {
        while (!timers.isEmpty() && timers.peek().at <= watermark) {
            Timer t = timers.poll();
            LearnerWarnings w = learners.get(t.learner);
            if (w.inactivityDeadline(rules) == t.at) {
                out.addAll(w.onTime(t.at, rules));
            }
        }
    }

    private static RuleFigures score(Rule rule, GroundTruth truth, List<AlertChange> alerts, long horizon) {
        Map<String, List<AlertChange>> byLearner = new HashMap<>();
        int count = 0;
        for (AlertChange a : alerts) {
            if (a.rule() == rule && !a.resolved()) {
                byLearner.computeIfAbsent(a.learner(), l -> new ArrayList<>()).add(a);
                count++;
            }
        }
        Behaviour behaviour = switch (rule) {
            case INACTIVITY -> Behaviour.DISENGAGE;
            case WHEEL_SPINNING -> Behaviour.WHEEL_SPIN;
            case RAPID_GUESSING -> Behaviour.RAPID_GUESS;
            default -> null;
        };
        if (behaviour == null) {
            return new RuleFigures(rule, false, 0, 0, byLearner.size(), 0, count, null, null, null);
        }
        int positives = 0;
        int detected = 0;
        List<Long> leads = new ArrayList<>();
        for (LearnerTruth l : truth.learners()) {
            if (l.behaviour() != behaviour || l.onset() == null || l.onset().toEpochMilli() >= horizon) {
                continue;
            }
            positives++;
            Long first = firstMatch(rule, l, byLearner.getOrDefault(l.email(), List.of()));
            if (first != null) {
                detected++;
                leads.add(first - l.onset().toEpochMilli());
            }
        }
        int correct = 0;
        for (String learner : byLearner.keySet()) {
            LearnerTruth l = truth.learner(learner);
            if (l.behaviour() == behaviour && l.onset() != null && firstMatch(rule, l, byLearner.get(learner)) != null) {
                correct++;
            }
        }
        Double recall = positives == 0 ? null : detected / (double) positives;
        Double precision = byLearner.isEmpty() ? null : correct / (double) byLearner.size();
        Duration median = leads.isEmpty() ? null : Duration.ofMillis(median(leads));
        return new RuleFigures(rule, true, positives, detected, byLearner.size(), correct, count, recall, precision, median);
    }

    /**
     * Wheel-spinning is scored per learner x skill against the hidden skill state: a pair is wheel-spinning when
     * the learner could not show mastery within its first {@code attempts} answers because the hidden state was
     * still unlearned (never learned, or learned too late for the mastery streak to fit in). Injected wheel-spinners (who cannot learn their affected skill) are such pairs too;
     * learners whose hidden state stayed unlearned by chance are real wheel-spinners as well, so they count.
     * Onset: the learner's first answer on the skill.
     */
    private static RuleFigures scoreWheelSpinning(GroundTruth truth, List<AlertChange> alerts, Map<String, Long> firstAnswers,
                                                  WarningRules.WheelSpinning rule) {
        int attempts = rule.attempts();
        // Learned after answer k, a learner can show the mastery streak by answer N only if k <= N - streak.
        int lateLearning = attempts - rule.masteryStreak() + 1;
        Map<String, Long> alerted = new HashMap<>();
        int count = 0;
        java.util.Set<String> learners = new java.util.HashSet<>();
        for (AlertChange a : alerts) {
            if (a.rule() == Rule.WHEEL_SPINNING && !a.resolved()) {
                alerted.merge(a.learner() + '|' + a.skill(), a.raisedAt(), Math::min);
                learners.add(a.learner());
                count++;
            }
        }
        int positives = 0;
        int detected = 0;
        int correctPairs = 0;
        List<Long> leads = new ArrayList<>();
        for (LearnerTruth l : truth.learners()) {
            for (var skill : l.skills()) {
                String pair = l.email() + '|' + skill.skillId();
                boolean spinning = !skill.knownAtStart() && skill.attempts() >= attempts
                        && (skill.learnedAtAttempt() < 0 || skill.learnedAtAttempt() >= lateLearning);
                Long raised = alerted.get(pair);
                if (spinning) {
                    positives++;
                    if (raised != null) {
                        detected++;
                        correctPairs++;
                        leads.add(raised - firstAnswers.get(pair));
                    }
                }
            }
        }
        Double recall = positives == 0 ? null : detected / (double) positives;
        Double precision = alerted.isEmpty() ? null : correctPairs / (double) alerted.size();
        Duration median = leads.isEmpty() ? null : Duration.ofMillis(median(leads));
        return new RuleFigures(Rule.WHEEL_SPINNING, true, positives, detected, learners.size(), correctPairs, count, recall,
                precision, median);
    }

    /** Raised-at of the first alert that detects the learner's behaviour, or null. */
    private static Long firstMatch(Rule rule, LearnerTruth l, List<AlertChange> alerts) {
        long onset = l.onset().toEpochMilli();
        Long first = null;
        for (AlertChange a : alerts) {
            boolean skillMatches = rule != Rule.WHEEL_SPINNING || l.affectedSkill().equals(a.skill());
            if (skillMatches && a.raisedAt() >= onset && (first == null || a.raisedAt() < first)) {
                first = a.raisedAt();
            }
        }
        return first;
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
