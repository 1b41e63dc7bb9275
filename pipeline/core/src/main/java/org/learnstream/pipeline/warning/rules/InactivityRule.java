package org.learnstream.pipeline.warning.rules;

import java.io.DataInput;
import java.io.DataOutput;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.learnstream.pipeline.warning.spi.LearnerContext;
import org.learnstream.pipeline.warning.spi.Observation;
import org.learnstream.pipeline.warning.spi.RuleOption;
import org.learnstream.pipeline.warning.spi.RuleSettings;
import org.learnstream.pipeline.warning.spi.Severity;
import org.learnstream.pipeline.warning.spi.WarningRule;

/**
 * No activity for N days: an event-time deadline after the learner's newest event; any event resolves the alert.
 * Keeps no state of its own (the newest event is the engine's).
 */
public final class InactivityRule implements WarningRule<InactivityRule.Settings, Void> {

  public static final InactivityRule RULE = new InactivityRule();

  private static final RuleOption<Boolean> ENABLED = RuleOption.enabled();
  private static final RuleOption<Severity> SEVERITY = RuleOption.severity(Severity.WARNING);
  private static final RuleOption<Integer> DAYS = RuleOption.integer("days", 4,
      "days without any activity, in [1, 365]");
  private static final RuleOption<Integer> ACT_DAYS = RuleOption.integer("act_days", 6,
      "days without any activity that escalate the alert to act, in [days, 365]");
  private static final RuleOption<Boolean> SCHOOL_DAYS_ONLY = RuleOption.flag("school_days_only", true,
      "count only Monday-Friday, so a weekend is not inactivity");
  private static final RuleOption<String> ZONE = RuleOption.text("zone", "UTC",
      "time zone of the school days, e.g. Europe/Paris");

  /**
   * No activity for {@code days} days. With {@code schoolDaysOnly} only Monday-Friday in {@code zone} count,
   * so a weekend is not inactivity.
   */
  public record Settings(boolean enabled, Severity severity, int days, boolean schoolDaysOnly, String zone,
      int actDays) implements RuleSettings {
    public Settings {
      RuleSettings.require(days >= 1 && days <= 365, "inactivity.days", "must be in [1, 365] (was " + days + ")");
      RuleSettings.require(actDays >= days && actDays <= 365, "inactivity.act_days",
          "must be in [days, 365] (was " + actDays + ")");
      try {
        ZoneId.of(zone);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "rule inactivity: zone '" + zone + "' is not a time zone id, e.g. Europe/Paris or UTC");
      }
    }
  }

  private InactivityRule() {
  }

  @Override
  public String id() {
    return "inactivity";
  }

  @Override
  public String summary() {
    return "no activity for `days` school or calendar days (event-time timers), act after `act_days`; any new event "
        + "resolves it";
  }

  @Override
  public boolean perSkill() {
    return false;
  }

  @Override
  public List<RuleOption<?>> options() {
    return List.of(ENABLED, SEVERITY, DAYS, SCHOOL_DAYS_ONLY, ZONE, ACT_DAYS);
  }

  @Override
  public Settings settings(Map<String, Object> section) {
    return new Settings(ENABLED.read(section, id()), SEVERITY.read(section, id()), DAYS.read(section, id()),
        SCHOOL_DAYS_ONLY.read(section, id()), ZONE.read(section, id()), ACT_DAYS.read(section, id()));
  }

  @Override
  public Void newState() {
    return null;
  }

  @Override
  public void writeState(Void state, DataOutput out) {
  }

  @Override
  public Void readState(DataInput in, int version) {
    return null;
  }

  @Override
  public void onObservation(Observation o, Settings settings, Void state, LearnerContext learner) {
    learner.resolve(null, o.time());
  }

  @Override
  public long deadline(Settings settings, Void state, LearnerContext learner) {
    if (learner.lastActivity() == Long.MIN_VALUE || !settings.enabled() || learner.isAct(null)) {
      return Long.MAX_VALUE;
    }
    if (learner.isOpen(null)) {
      return deadline(learner.lastActivity(), settings.actDays(), settings);
    }
    // An alert that an event resolved within the cooldown of its raising (a late event older than the deadline)
    // leaves the deadline where it was: the learner is raised again once the cooldown allows it, if still away.
    return Math.max(deadline(learner.lastActivity(), settings.days(), settings), learner.raisableFrom(null));
  }

  @Override
  public void onTime(long now, Settings settings, Void state, LearnerContext learner) {
    long deadline = deadline(settings, state, learner);
    if (deadline == Long.MAX_VALUE || now < deadline) {
      return;
    }
    boolean escalate = learner.isOpen(null);
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("last_activity", Instant.ofEpochMilli(learner.lastActivity()).toString());
    evidence.put("inactive_days", escalate ? settings.actDays() : settings.days());
    evidence.put("school_days_only", settings.schoolDaysOnly());
    String last = learner.lastStatement();
    List<String> events = last == null ? List.of() : List.of(last);
    if (escalate) {
      learner.escalate(null, deadline, evidence, events);
    } else {
      learner.raise(null, deadline, null, null, evidence, events, 0);
    }
  }

  /** When an inactivity period of N days ends, counting calendar days or only school days (Monday-Friday). */
  private static long deadline(long lastActivity, int days, Settings settings) {
    ZonedDateTime t = Instant.ofEpochMilli(lastActivity).atZone(ZoneId.of(settings.zone()));
    if (!settings.schoolDaysOnly()) {
      return t.plusDays(days).toInstant().toEpochMilli();
    }
    int counted = 0;
    while (counted < days) {
      t = t.plusDays(1);
      DayOfWeek d = t.getDayOfWeek();
      if (d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY) {
        counted++;
      }
    }
    return t.toInstant().toEpochMilli();
  }
}
