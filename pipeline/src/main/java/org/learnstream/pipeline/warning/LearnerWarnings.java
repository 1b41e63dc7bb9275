package org.learnstream.pipeline.warning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The early-warning state of one learner and the rules applied to it. Feed events in event-time order
 * ({@link #onObservation}, {@link #onMastery}) and advance time ({@link #onTime}); each call returns the alerts
 * raised or resolved. Knows nothing of Flink: the streaming job and the offline evaluation share it.
 */
public final class LearnerWarnings implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Most statement ids kept as evidence of one alert. */
    private static final int MAX_EVIDENCE_EVENTS = 25;

    // package-private for LearnerWarningsCodec, which writes this state for the streaming job
    final String tenant;
    final String learner;
    long lastActivity = Long.MIN_VALUE;
    String lastStatement;
    String course;
    String section;
    final Map<String, SkillTrack> skills = new HashMap<>();
    int failureRun;
    final ArrayDeque<String> failureIds = new ArrayDeque<>();
    final ArrayDeque<String> recentIds = new ArrayDeque<>();
    final ArrayDeque<Boolean> recentRapid = new ArrayDeque<>();
    final Map<String, Open> open = new HashMap<>();
    final Map<String, Long> lastRaised = new HashMap<>();

    public LearnerWarnings(String tenant, String learner) {
        this.tenant = tenant;
        this.learner = learner;
    }

    public String tenant() {
        return tenant;
    }

    public String learner() {
        return learner;
    }

    /** Event time of the newest event seen; Long.MIN_VALUE before any. */
    public long lastActivity() {
        return lastActivity;
    }

    public boolean hasOpenAlerts() {
        return !open.isEmpty();
    }

    public int openAlerts() {
        return open.size();
    }

    /** When the inactivity rule fires if nothing more happens; Long.MAX_VALUE when it cannot. */
    public long inactivityDeadline(WarningRules rules) {
        if (lastActivity == Long.MIN_VALUE || !rules.inactivity().enabled() || open.containsKey(key(Rule.INACTIVITY, null))) {
            return Long.MAX_VALUE;
        }
        return SchoolCalendar.deadline(lastActivity, rules.inactivity());
    }

    /** When this learner counts as having left and their state may be dropped. */
    public long forgetAt(WarningRules rules) {
        return lastActivity == Long.MIN_VALUE ? Long.MIN_VALUE : lastActivity + rules.forgetAfter().toMillis();
    }

    public List<AlertChange> onObservation(Observation o, WarningRules rules) {
        List<AlertChange> out = new ArrayList<>(1);
        resolve(Rule.INACTIVITY, null, o.time(), out);
        if (o.time() >= lastActivity) {
            lastActivity = o.time();
            lastStatement = o.statementId();
        }
        if (o.course() != null) {
            course = o.course();
        }
        if (o.section() != null) {
            section = o.section();
        }
        if (!o.isAnswer()) {
            return out;
        }
        failureStreak(o, rules, out);
        rapidGuessing(o, rules, out);
        for (String skill : o.skills()) {
            wheelSpinning(skill, o, rules, out);
        }
        return out;
    }

    public List<AlertChange> onMastery(MasteryPoint p, WarningRules rules) {
        List<AlertChange> out = new ArrayList<>(1);
        WarningRules.MasteryDecline rule = rules.masteryDecline();
        SkillTrack track = skills.computeIfAbsent(p.skill(), s -> new SkillTrack());
        track.pKnown.addLast(p.pKnown());
        track.pKnownIds.addLast(p.statementId());
        while (track.pKnown.size() > rule.window() + rule.sustain()) {
            track.pKnown.removeFirst();
            track.pKnownIds.removeFirst();
        }
        if (!track.mastered && p.pKnown() >= rules.wheelSpinning().masteryPKnown()) {
            track.mastered = true;
            track.attemptIds.clear();
            resolve(Rule.WHEEL_SPINNING, p.skill(), p.time(), out);
        }
        Open current = open.get(key(Rule.MASTERY_DECLINE, p.skill()));
        if (current != null) {
            if (p.pKnown() >= current.reference - rule.drop() / 2) {
                resolve(Rule.MASTERY_DECLINE, p.skill(), p.time(), out);
            }
            return out;
        }
        int before = track.pKnown.size() - rule.sustain();
        if (!rule.enabled() || before < 1) {
            return out;
        }
        double peak = 0;
        double highestSince = 0;
        int i = 0;
        for (double v : track.pKnown) {
            if (i++ < before) {
                peak = Math.max(peak, v);
            } else {
                highestSince = Math.max(highestSince, v);
            }
        }
        if (peak >= rule.masteredPKnown() && peak - highestSince > rule.drop()) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("p_known_peak", round(peak));
            evidence.put("p_known", round(p.pKnown()));
            evidence.put("drop", round(peak - p.pKnown()));
            evidence.put("sustained_updates", rule.sustain());
            evidence.put("window_updates", rule.window());
            raise(Rule.MASTERY_DECLINE, p.skill(), p.time(), rules, p.course(), p.section(), evidence,
                    List.copyOf(track.pKnownIds), peak, out);
        }
        return out;
    }

    /** Fires the time-driven rule (inactivity) for event time {@code now}. */
    public List<AlertChange> onTime(long now, WarningRules rules) {
        long deadline = inactivityDeadline(rules);
        if (deadline == Long.MAX_VALUE || now < deadline) {
            return List.of();
        }
        List<AlertChange> out = new ArrayList<>(1);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("last_activity", Instant.ofEpochMilli(lastActivity).toString());
        evidence.put("inactive_days", rules.inactivity().days());
        evidence.put("school_days_only", rules.inactivity().schoolDaysOnly());
        raise(Rule.INACTIVITY, null, deadline, rules, course, section, evidence,
                lastStatement == null ? List.of() : List.of(lastStatement), 0, out);
        return out;
    }

    private void failureStreak(Observation o, WarningRules rules, List<AlertChange> out) {
        WarningRules.FailureStreak rule = rules.failureStreak();
        if (o.success()) {
            failureRun = 0;
            failureIds.clear();
            resolve(Rule.FAILURE_STREAK, null, o.time(), out);
            return;
        }
        failureRun++;
        remember(failureIds, o.statementId(), rule.failures());
        if (rule.enabled() && failureRun >= rule.failures() && !open.containsKey(key(Rule.FAILURE_STREAK, null))) {
            raise(Rule.FAILURE_STREAK, null, o.time(), rules, o.course(), o.section(),
                    Map.of("consecutive_failures", failureRun), List.copyOf(failureIds), 0, out);
        }
    }

    private void rapidGuessing(Observation o, WarningRules rules, List<AlertChange> out) {
        if (o.durationMs() == null) {
            return;
        }
        WarningRules.RapidGuessing rule = rules.rapidGuessing();
        long threshold = rule.thresholdFor(o.activity());
        recentRapid.addLast(o.durationMs() < threshold);
        recentIds.addLast(o.statementId());
        while (recentRapid.size() > rule.window()) {
            recentRapid.removeFirst();
            recentIds.removeFirst();
        }
        if (recentRapid.size() < rule.window()) {
            return;
        }
        long rapid = recentRapid.stream().filter(Boolean::booleanValue).count();
        double share = rapid / (double) recentRapid.size();
        if (share <= rule.share()) {
            resolve(Rule.RAPID_GUESSING, null, o.time(), out);
        } else if (rule.enabled() && !open.containsKey(key(Rule.RAPID_GUESSING, null))) {
            List<String> ids = new ArrayList<>();
            java.util.Iterator<String> idIt = recentIds.iterator();
            for (Boolean r : recentRapid) {
                String id = idIt.next();
                if (r) {
                    ids.add(id);
                }
            }
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("rapid_share", round(share));
            evidence.put("rapid_answers", rapid);
            evidence.put("window_answers", recentRapid.size());
            evidence.put("threshold_ms", threshold);
            raise(Rule.RAPID_GUESSING, null, o.time(), rules, o.course(), o.section(), evidence, ids, 0, out);
        }
    }

    private void wheelSpinning(String skill, Observation o, WarningRules rules, List<AlertChange> out) {
        WarningRules.WheelSpinning rule = rules.wheelSpinning();
        SkillTrack track = skills.computeIfAbsent(skill, s -> new SkillTrack());
        if (track.mastered) {
            return;
        }
        track.attempts++;
        track.run = o.success() ? track.run + 1 : 0;
        if (o.success()) {
            track.correct++;
        }
        remember(track.attemptIds, o.statementId(), MAX_EVIDENCE_EVENTS);
        if (track.run >= rule.masteryStreak()) {
            track.mastered = true;
            track.attemptIds.clear();
            resolve(Rule.WHEEL_SPINNING, skill, o.time(), out);
        } else if (rule.enabled() && track.attempts >= rule.attempts() && !open.containsKey(key(Rule.WHEEL_SPINNING, skill))) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("attempts", track.attempts);
            evidence.put("correct", track.correct);
            evidence.put("mastery_streak", rule.masteryStreak());
            raise(Rule.WHEEL_SPINNING, skill, o.time(), rules, o.course(), o.section(), evidence,
                    List.copyOf(track.attemptIds), 0, out);
        }
    }

    private void raise(Rule rule, String skill, long time, WarningRules rules, String alertCourse, String alertSection,
                       Map<String, Object> evidence, List<String> events, double reference, List<AlertChange> out) {
        String key = key(rule, skill);
        Long last = lastRaised.get(key);
        if (last != null && time - last < rules.cooldown().toMillis()) {
            return;
        }
        Open o = new Open();
        o.rule = rule;
        o.skill = skill;
        o.episode = time;
        o.alertId = AlertChange.alertId(tenant, learner, rule, skill, time);
        o.severity = rules.severity(rule);
        o.course = alertCourse != null ? alertCourse : course;
        o.section = alertSection != null ? alertSection : section;
        o.evidence = json(evidence);
        o.events = new ArrayList<>(events.subList(Math.max(0, events.size() - MAX_EVIDENCE_EVENTS), events.size()));
        o.reference = reference;
        open.put(key, o);
        lastRaised.put(key, time);
        out.add(o.change(tenant, learner, false, time));
    }

    private void resolve(Rule rule, String skill, long time, List<AlertChange> out) {
        Open o = open.remove(key(rule, skill));
        if (o != null) {
            out.add(o.change(tenant, learner, true, Math.max(time, o.episode)));
        }
    }

    private static void remember(ArrayDeque<String> ids, String id, int max) {
        ids.addLast(id);
        while (ids.size() > max) {
            ids.removeFirst();
        }
    }

    private static String key(Rule rule, String skill) {
        return skill == null ? rule.id() : rule.id() + '|' + skill;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String json(Map<String, Object> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert evidence must be plain values", e);
        }
    }

    /** What the rules remember of one skill. */
    static final class SkillTrack implements Serializable {
        private static final long serialVersionUID = 1L;
        int attempts;
        int correct;
        int run;
        boolean mastered;
        final ArrayDeque<String> attemptIds = new ArrayDeque<>();
        final ArrayDeque<Double> pKnown = new ArrayDeque<>();
        final ArrayDeque<String> pKnownIds = new ArrayDeque<>();
    }

    /** An alert raised and not yet resolved. */
    static final class Open implements Serializable {
        private static final long serialVersionUID = 1L;
        Rule rule;
        String skill;
        long episode;
        String alertId;
        Severity severity;
        String course;
        String section;
        String evidence;
        List<String> events;
        /** mastery decline: the peak P(L) the decline was measured from. */
        double reference;

        AlertChange change(String tenant, String learner, boolean resolved, long time) {
            return new AlertChange(alertId, tenant, learner, course, section, skill, rule, severity, resolved, episode,
                    evidence, events, episode, resolved ? time : null, resolved ? 2 : 1);
        }
    }
}
