package org.learnstream.pipeline.warning.rules;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.learnstream.pipeline.warning.spi.Evidence;
import org.learnstream.pipeline.warning.spi.LearnerContext;
import org.learnstream.pipeline.warning.spi.MasteryPoint;
import org.learnstream.pipeline.warning.spi.PerSkillRule;
import org.learnstream.pipeline.warning.spi.RuleOption;
import org.learnstream.pipeline.warning.spi.RuleSettings;
import org.learnstream.pipeline.warning.spi.Severity;
import org.learnstream.pipeline.warning.spi.StateIo;

/**
 * A skill that was mastered is lost, read from the mastery updates. Resolved when P(L) climbs back to within half
 * the drop of the peak the decline was measured from.
 */
public final class MasteryDeclineRule extends PerSkillRule<MasteryDeclineRule.Settings, MasteryDeclineRule.Track> {

  public static final MasteryDeclineRule RULE = new MasteryDeclineRule();

  private static final RuleOption<Boolean> ENABLED = RuleOption.enabled();
  private static final RuleOption<Severity> SEVERITY = RuleOption.severity(Severity.WARNING);
  private static final RuleOption<Double> DROP = RuleOption.number("drop", 0.5,
      "how far every update since the peak lies below it, in (0, 1)");
  private static final RuleOption<Integer> WINDOW = RuleOption.integer("window", 20,
      "updates before the last `sustain` ones in which the peak is looked for, in [1, 1000]");
  private static final RuleOption<Double> MASTERED_P_KNOWN = RuleOption.number("mastered_p_known", 0.95,
      "P(L) the peak must have reached, in (drop, 1]");
  private static final RuleOption<Integer> MASTERED_UPDATES = RuleOption.integer("mastered_updates", 2,
      "updates in a row at or above mastered_p_known for the peak to count as mastery, in [1, window]");
  private static final RuleOption<Integer> SUSTAIN = RuleOption.integer("sustain", 3,
      "updates the fall must last, in [1, 100]");
  private static final RuleOption<Integer> PAUSE_HOURS = RuleOption.integer("pause_hours", 12,
      "hours without practice of the skill between the peak and the fall for the decline to count as forgetting and "
          + "escalate; 0 escalates a fall within continuous practice too, in [0, 8760]");
  private static final RuleOption<Integer> ACT_UPDATES = RuleOption.integer("act_updates", 12,
      "further updates without recovery after the alert that escalate it to act, in [1, 1000]");

  /**
   * P(L) had reached {@code masteredPKnown} within the {@code window} updates before the last {@code sustain} ones,
   * and each of those last {@code sustain} updates lies more than {@code drop} below that peak. Requiring a mastered
   * peak and a sustained fall keeps a single slip, or a lucky guess early on, from counting as a decline. The peak
   * counts only when P(L) held at or above {@code masteredPKnown} on {@code masteredUpdates} updates in a row: one
   * update at it can follow a lucky pair of guesses on a skill the learner never knew.
   */
  public record Settings(boolean enabled, Severity severity, double drop, int window, double masteredPKnown,
      int masteredUpdates, int sustain, int actUpdates, int pauseHours) implements RuleSettings {
    public Settings {
      RuleSettings.require(drop > 0 && drop < 1, "mastery_decline.drop", "must be in (0, 1) (was " + drop + ")");
      RuleSettings.require(window >= 1 && window <= 1000, "mastery_decline.window",
          "must be in [1, 1000] updates (was " + window + ")");
      RuleSettings.require(masteredPKnown > drop && masteredPKnown <= 1, "mastery_decline.mastered_p_known",
          "must be in (drop, 1] (was " + masteredPKnown + ")");
      RuleSettings.require(masteredUpdates >= 1 && masteredUpdates <= window, "mastery_decline.mastered_updates",
          "must be in [1, window] updates (was " + masteredUpdates + ")");
      RuleSettings.require(sustain >= 1 && sustain <= 100, "mastery_decline.sustain",
          "must be in [1, 100] updates (was " + sustain + ")");
      RuleSettings.require(actUpdates >= 1 && actUpdates <= 1000, "mastery_decline.act_updates",
          "must be in [1, 1000] updates (was " + actUpdates + ")");
      RuleSettings.require(pauseHours >= 0 && pauseHours <= 8760, "mastery_decline.pause_hours",
          "must be in [0, 8760] hours (was " + pauseHours + ")");
    }
  }

  /** The newest P(L) values of one skill and the statements behind them. */
  static final class Track {
    final ArrayDeque<Double> pKnown = new ArrayDeque<>();
    final ArrayDeque<String> pKnownIds = new ArrayDeque<>();
    /** Updates since the open alert was raised, none of them a recovery (state version 2). */
    int updatesSinceRaised;
    /** Event times of the values in {@link #pKnown} (state version 3; Long.MIN_VALUE when restored from older). */
    final ArrayDeque<Long> times = new ArrayDeque<>();
    /** Whether the open alert's fall came after a pause in practice, i.e. is forgetting (state version 3). */
    boolean afterPause = true;
  }

  private MasteryDeclineRule() {
  }

  @Override
  public String id() {
    return "mastery_decline";
  }

  @Override
  public String summary() {
    return "P(L) had held `mastered_p_known` on `mastered_updates` updates in a row within the last `window` updates and the `sustain` updates since "
        + "all lie more than `drop` below that peak (a single slip or a lucky early guess is no decline); "
        + "act when it has not recovered `act_updates` updates later and practice of the skill had paused "
        + "`pause_hours` since the peak (forgetting, not a fall within practice), unless rapid guessing or a failure "
        + "streak explains the learner; resolved when P(L) is back within half the drop "
        + "of the peak";
  }

  @Override
  public List<String> explainedBy() {
    return List.of("rapid_guessing", "failure_streak");
  }

  @Override
  public List<RuleOption<?>> options() {
    return List.of(ENABLED, SEVERITY, DROP, WINDOW, MASTERED_P_KNOWN, MASTERED_UPDATES, SUSTAIN, ACT_UPDATES,
        PAUSE_HOURS);
  }

  @Override
  public Settings settings(Map<String, Object> section) {
    return new Settings(ENABLED.read(section, id()), SEVERITY.read(section, id()), DROP.read(section, id()),
        WINDOW.read(section, id()), MASTERED_P_KNOWN.read(section, id()), MASTERED_UPDATES.read(section, id()),
        SUSTAIN.read(section, id()),
        ACT_UPDATES.read(section, id()), PAUSE_HOURS.read(section, id()));
  }

  @Override
  protected void writeSkill(DataOutput out, Track t) throws IOException {
    out.writeInt(t.pKnown.size());
    for (double p : t.pKnown) {
      out.writeDouble(p);
    }
    StateIo.writeStrings(out, t.pKnownIds);
    out.writeInt(t.updatesSinceRaised);
    for (long time : t.times) {
      out.writeLong(time);
    }
    out.writeBoolean(t.afterPause);
  }

  /**
   * Version 2 added the updates since the open alert was raised, version 3 the time of each update and whether the
   * open alert's fall followed a pause.
   */
  @Override
  public int stateVersion() {
    return 3;
  }

  /**
   * Version 1 is also how the format-1 layout of the whole learner wrote one skill; an alert open in it counts its
   * persistence from the restore on. Before version 3 the times are unknown: those updates count as separated by a
   * pause, so an alert open in older state escalates as it did.
   */
  @Override
  protected Track readSkill(DataInput in, int version) throws IOException {
    Track t = new Track();
    for (int i = in.readInt(); i > 0; i--) {
      t.pKnown.add(in.readDouble());
    }
    StateIo.readStrings(in, t.pKnownIds);
    if (version >= 2) {
      t.updatesSinceRaised = in.readInt();
    }
    for (int i = 0; i < t.pKnown.size(); i++) {
      t.times.add(version >= 3 ? in.readLong() : Long.MIN_VALUE);
    }
    if (version >= 3) {
      t.afterPause = in.readBoolean();
    }
    return t;
  }

  @Override
  public void onMastery(MasteryPoint p, Settings settings, Map<String, Track> state, LearnerContext learner) {
    Track track = state.computeIfAbsent(p.skill(), s -> new Track());
    track.pKnown.addLast(p.pKnown());
    track.pKnownIds.addLast(p.statementId());
    track.times.addLast(p.time());
    while (track.pKnown.size() > settings.window() + settings.sustain()) {
      track.pKnown.removeFirst();
      track.pKnownIds.removeFirst();
      track.times.removeFirst();
    }
    Double peakOfOpenAlert = learner.openReference(p.skill());
    if (peakOfOpenAlert != null) {
      if (p.pKnown() >= peakOfOpenAlert - settings.drop() / 2) {
        learner.resolve(p.skill(), p.time());
      } else if (++track.updatesSinceRaised >= settings.actUpdates() && track.afterPause) {
        Map<String, Object> evidence = evidence(peakOfOpenAlert, p, settings);
        evidence.put("updates_since_alert", track.updatesSinceRaised);
        learner.escalate(p.skill(), p.time(), evidence, List.copyOf(track.pKnownIds));
      }
      return;
    }
    int before = track.pKnown.size() - settings.sustain();
    if (before < 1) {
      return;
    }
    double peak = 0;
    int peakAt = 0;
    double highestSince = 0;
    int heldFor = 0;
    boolean held = false;
    int i = 0;
    for (double v : track.pKnown) {
      if (i < before) {
        heldFor = v >= settings.masteredPKnown() ? heldFor + 1 : 0;
        held |= heldFor >= settings.masteredUpdates();
      }
      if (i < before && v >= peak) {
        peak = v;
        peakAt = i;
      } else if (i >= before) {
        highestSince = Math.max(highestSince, v);
      }
      i++;
    }
    if (held && peak - highestSince > settings.drop()) {
      track.updatesSinceRaised = 0;
      track.afterPause = pausedSince(track, peakAt, settings.pauseHours() * 3_600_000L);
      learner.raise(p.skill(), p.time(), p.course(), p.section(), evidence(peak, p, settings),
          List.copyOf(track.pKnownIds), peak);
    }
  }

  /**
   * Whether practice of the skill paused for at least {@code pauseMillis} between the update at {@code peakAt} (the
   * newest one at the peak) and now: forgetting shows after time away (Ebbinghaus; BKT with forgetting), whereas a
   * fall within continuous practice comes with the learner failing everything at that moment, which failure streak
   * and rapid guessing describe better.
   */
  private static boolean pausedSince(Track track, int peakAt, long pauseMillis) {
    long previous = 0;
    boolean first = true;
    int i = 0;
    for (long time : track.times) {
      if (i++ < peakAt) {
        continue;
      }
      // Updates from state older than version 3 have no time: count them as paused, as before.
      if (time == Long.MIN_VALUE || !first && time - previous >= pauseMillis) {
        return true;
      }
      previous = time;
      first = false;
    }
    return false;
  }

  private static Map<String, Object> evidence(double peak, MasteryPoint p, Settings settings) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("p_known_peak", Evidence.round(peak));
    evidence.put("p_known", Evidence.round(p.pKnown()));
    evidence.put("drop", Evidence.round(peak - p.pKnown()));
    evidence.put("sustained_updates", settings.sustain());
    evidence.put("window_updates", settings.window());
    return evidence;
  }
}
