package org.learnstream.pipeline.warning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.learnstream.pipeline.warning.spi.LearnerContext;
import org.learnstream.pipeline.warning.spi.MasteryPoint;
import org.learnstream.pipeline.warning.spi.Observation;
import org.learnstream.pipeline.warning.spi.RuleSettings;
import org.learnstream.pipeline.warning.spi.Severity;
import org.learnstream.pipeline.warning.spi.Tier;
import org.learnstream.pipeline.warning.spi.WarningRule;

/**
 * The early-warning state of one learner and the rules applied to it. Feed events in event-time order
 * ({@link #onObservation}, {@link #onMastery}) and advance time ({@link #onTime}); each call returns the alerts
 * raised or resolved. Holds what all rules share (the newest event, open alerts, cooldowns) and each rule's own
 * state; the rules ({@link WarningRule}) hold the logic. Knows nothing of Flink: the streaming job and the offline
 * evaluation share it.
 */
public final class LearnerWarnings {

  private static final ObjectMapper JSON = new ObjectMapper();

  // package-private for LearnerWarningsCodec, which writes this state for the streaming job
  final String tenant;
  final String learner;
  long lastActivity = Long.MIN_VALUE;
  String lastStatement;
  String course;
  String section;
  /** Each rule's state by rule id; a rule that has not seen the learner yet has none. */
  final Map<String, Object> states = new HashMap<>();
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

  /** When a time-driven rule (inactivity) fires if nothing more happens; Long.MAX_VALUE when none can. */
  public long nextDeadline(WarningRules rules) {
    long next = Long.MAX_VALUE;
    for (WarningRule<?, ?> rule : rules.inEventOrder()) {
      next = Math.min(next, deadline(rule, rules));
    }
    return next;
  }

  /** When this learner counts as having left and their state may be dropped. */
  public long forgetAt(WarningRules rules) {
    return lastActivity == Long.MIN_VALUE ? Long.MIN_VALUE : lastActivity + rules.forgetAfter().toMillis();
  }

  public List<AlertChange> onObservation(Observation o, WarningRules rules) {
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
    List<AlertChange> out = new ArrayList<>(1);
    for (WarningRule<?, ?> rule : rules.inEventOrder()) {
      observe(rule, o, rules, out);
    }
    return out;
  }

  public List<AlertChange> onMastery(MasteryPoint p, WarningRules rules) {
    List<AlertChange> out = new ArrayList<>(1);
    for (WarningRule<?, ?> rule : rules.inEventOrder()) {
      mastery(rule, p, rules, out);
    }
    return out;
  }

  /** Fires the time-driven rules whose deadline event time {@code now} has reached. */
  public List<AlertChange> onTime(long now, WarningRules rules) {
    List<AlertChange> out = new ArrayList<>(0);
    for (WarningRule<?, ?> rule : rules.inEventOrder()) {
      if (deadline(rule, rules) <= now) {
        time(rule, now, rules, out);
      }
    }
    return out;
  }

  private <S extends RuleSettings, T> void observe(WarningRule<S, T> rule, Observation o, WarningRules rules,
      List<AlertChange> out) {
    rule.onObservation(o, rules.of(rule), state(rule), new Context(rule, rules, out));
  }

  private <S extends RuleSettings, T> void mastery(WarningRule<S, T> rule, MasteryPoint p, WarningRules rules,
      List<AlertChange> out) {
    rule.onMastery(p, rules.of(rule), state(rule), new Context(rule, rules, out));
  }

  private <S extends RuleSettings, T> long deadline(WarningRule<S, T> rule, WarningRules rules) {
    return rule.deadline(rules.of(rule), state(rule), new Context(rule, rules, List.of()));
  }

  private <S extends RuleSettings, T> void time(WarningRule<S, T> rule, long now, WarningRules rules,
      List<AlertChange> out) {
    rule.onTime(now, rules.of(rule), state(rule), new Context(rule, rules, out));
  }

  @SuppressWarnings("unchecked")
  private <T> T state(WarningRule<?, T> rule) {
    if (!states.containsKey(rule.id())) {
      states.put(rule.id(), rule.newState());
    }
    return (T) states.get(rule.id());
  }

  private static String key(WarningRule<?, ?> rule, String skill) {
    return skill == null ? rule.id() : rule.id() + '|' + skill;
  }

  /** The rule id of an open-alert or cooldown key ({@link #key}). */
  private static String ruleOf(String key) {
    int bar = key.indexOf('|');
    return bar < 0 ? key : key.substring(0, bar);
  }

  private static String json(Map<String, Object> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("alert evidence must be plain values", e);
    }
  }

  /** The learner as one rule sees it during one call; raised and resolved alerts go to {@code out}. */
  private final class Context implements LearnerContext {
    private final WarningRule<?, ?> rule;
    private final WarningRules rules;
    private final List<AlertChange> out;

    Context(WarningRule<?, ?> rule, WarningRules rules, List<AlertChange> out) {
      this.rule = rule;
      this.rules = rules;
      this.out = out;
    }

    @Override
    public long lastActivity() {
      return lastActivity;
    }

    @Override
    public String lastStatement() {
      return lastStatement;
    }

    @Override
    public Double openReference(String skill) {
      Open o = open.get(key(rule, skill));
      return o == null ? null : o.reference;
    }

    @Override
    public long raisableFrom(String skill) {
      Long last = lastRaised.get(key(rule, skill));
      return last == null ? Long.MIN_VALUE : last + rules.cooldown().toMillis();
    }

    @Override
    public void raise(String skill, long time, String alertCourse, String alertSection,
        Map<String, Object> evidence, List<String> events, double reference) {
      String key = key(rule, skill);
      Long last = lastRaised.get(key);
      if (!rules.enabled(rule) || (last != null && time - last < rules.cooldown().toMillis())) {
        return;
      }
      Open o = new Open();
      o.rule = rule;
      o.skill = skill;
      o.episode = time;
      o.alertId = AlertChange.alertId(tenant, learner, rule, skill, time);
      o.severity = rules.severity(rule);
      o.tier = Tier.CAUTION;
      o.course = alertCourse != null ? alertCourse : course;
      o.section = alertSection != null ? alertSection : section;
      o.evidence = json(evidence);
      o.events = new ArrayList<>(events.subList(Math.max(0, events.size() - MAX_EVIDENCE_EVENTS), events.size()));
      o.reference = reference;
      open.put(key, o);
      lastRaised.put(key, time);
      out.add(o.change(tenant, learner, false, time));
    }

    @Override
    public boolean isAct(String skill) {
      Open o = open.get(key(rule, skill));
      return o != null && o.tier == Tier.ACT;
    }

    @Override
    public void escalate(String skill, long time, Map<String, Object> evidence, List<String> events) {
      Open o = open.get(key(rule, skill));
      if (o == null || o.tier == Tier.ACT || !rules.enabled(rule) || explained(time)) {
        return;
      }
      o.tier = Tier.ACT;
      o.escalatedAt = Math.max(time, o.episode);
      o.evidence = json(evidence);
      o.events = new ArrayList<>(events.subList(Math.max(0, events.size() - MAX_EVIDENCE_EVENTS), events.size()));
      out.add(o.change(tenant, learner, false, o.escalatedAt));
    }

    /**
     * Whether a rule that explains this one ({@link WarningRule#explainedBy}) has an alert open for the learner or
     * raised one within {@link WarningRules#explainedWithin} before {@code time}. The cooldowns keep each rule's
     * newest raising anyway, so this needs no state of its own.
     */
    private boolean explained(long time) {
      for (String cause : rule.explainedBy()) {
        WarningRule<?, ?> explaining = WarningRuleRegistry.find(cause);
        if (explaining == null || !rules.enabled(explaining)) {
          continue;
        }
        for (Map.Entry<String, Long> raised : lastRaised.entrySet()) {
          if (ruleOf(raised.getKey()).equals(cause)
              && (open.containsKey(raised.getKey())
                  || time - raised.getValue() <= rules.explainedWithin().toMillis())) {
            return true;
          }
        }
      }
      return false;
    }

    @Override
    public void resolve(String skill, long time) {
      Open o = open.remove(key(rule, skill));
      if (o != null) {
        out.add(o.change(tenant, learner, true, Math.max(time, o.episode)));
      }
    }
  }

  /** An alert raised and not yet resolved. */
  static final class Open {
    WarningRule<?, ?> rule;
    String skill;
    long episode;
    String alertId;
    Severity severity;
    Tier tier = Tier.CAUTION;
    /** When the alert was escalated to act; null while caution. */
    Long escalatedAt;
    String course;
    String section;
    String evidence;
    List<String> events;
    /** The value the rule raised the alert with (mastery decline: the peak P(L) the decline was measured from). */
    double reference;

    AlertChange change(String tenant, String learner, boolean resolved, long time) {
      long version = resolved ? AlertChange.RESOLVED : tier == Tier.ACT ? AlertChange.ESCALATED : AlertChange.RAISED;
      return new AlertChange(alertId, tenant, learner, course, section, skill, rule, severity, tier, resolved,
          episode, evidence, events, episode, resolved ? time : null, escalatedAt, version);
    }
  }
}
