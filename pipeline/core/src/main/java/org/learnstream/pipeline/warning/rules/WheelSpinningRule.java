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
import org.learnstream.pipeline.warning.spi.Observation;
import org.learnstream.pipeline.warning.spi.PerSkillRule;
import org.learnstream.pipeline.warning.spi.RuleOption;
import org.learnstream.pipeline.warning.spi.RuleSettings;
import org.learnstream.pipeline.warning.spi.Severity;
import org.learnstream.pipeline.warning.spi.StateIo;

/**
 * A skill practised many times without reaching mastery (Beck and Gong). The alert resolves once the skill is
 * mastered: the correct streak, or P(L) from knowledge tracing at the threshold.
 */
public final class WheelSpinningRule extends PerSkillRule<WheelSpinningRule.Settings, WheelSpinningRule.Track> {

  public static final WheelSpinningRule RULE = new WheelSpinningRule();

  private static final RuleOption<Boolean> ENABLED = RuleOption.enabled();
  private static final RuleOption<Severity> SEVERITY = RuleOption.severity(Severity.WARNING);
  private static final RuleOption<Integer> ATTEMPTS = RuleOption.integer("attempts", 10,
      "attempts on a skill without mastery that raise the alert, in [2, 1000]");
  private static final RuleOption<Integer> MASTERY_STREAK = RuleOption.integer("mastery_streak", 3,
      "correct answers in a row that count as mastery, in [1, attempts]");
  private static final RuleOption<Integer> ACT_ATTEMPTS = RuleOption.integer("act_attempts", 50,
      "attempts without mastery that escalate the alert to act, in [attempts, 1000]");
  private static final RuleOption<Double> MASTERY_P_KNOWN = RuleOption.number("mastery_p_known", 0.95,
      "P(L) that counts as mastery, in (0, 1]; 1 means only the correct streak counts");
  private static final RuleOption<Integer> MASTERY_P_KNOWN_UPDATES = RuleOption.integer("mastery_p_known_updates", 2,
      "mastery updates in a row at or above mastery_p_known that count as mastery, in [1, mastery_streak]");

  /**
   * A skill practised {@code attempts} times without reaching mastery: mastery is {@code masteryStreak} correct in
   * a row, or P(L) from knowledge tracing at or above {@code masteryPKnown} on {@code masteryPKnownUpdates} updates in
   * a row.
   */
  public record Settings(boolean enabled, Severity severity, int attempts, int masteryStreak, double masteryPKnown,
      int masteryPKnownUpdates, int actAttempts)
      implements
        RuleSettings {
    public Settings {
      RuleSettings.require(masteryPKnown > 0 && masteryPKnown <= 1, "wheel_spinning.mastery_p_known",
          "must be in (0, 1] (was " + masteryPKnown + "); 1 means only the correct streak counts");
      RuleSettings.require(attempts >= 2 && attempts <= 1000, "wheel_spinning.attempts",
          "must be in [2, 1000] (was " + attempts + ")");
      RuleSettings.require(masteryStreak >= 1 && masteryStreak <= attempts, "wheel_spinning.mastery_streak",
          "must be in [1, attempts] (was " + masteryStreak + ")");
      RuleSettings.require(masteryPKnownUpdates >= 1 && masteryPKnownUpdates <= masteryStreak,
          "wheel_spinning.mastery_p_known_updates",
          "must be in [1, mastery_streak] (was " + masteryPKnownUpdates + ")");
      RuleSettings.require(actAttempts >= attempts && actAttempts <= 1000, "wheel_spinning.act_attempts",
          "must be in [attempts, 1000] (was " + actAttempts + ")");
    }
  }

  /** What the rule remembers of one skill until it is mastered. */
  static final class Track {
    int attempts;
    int correct;
    int run;
    boolean mastered;
    final ArrayDeque<String> attemptIds = new ArrayDeque<>();
    /** Mastery updates in a row at or above mastery_p_known (state version 2; 0 when restored from version 1). */
    int highUpdates;
  }

  private WheelSpinningRule() {
  }

  @Override
  public String id() {
    return "wheel_spinning";
  }

  @Override
  public String summary() {
    return "`attempts` or more attempts on a skill without `mastery_streak` correct in a row or P(L) >= "
        + "`mastery_p_known` on `mastery_p_known_updates` updates in a row, act at `act_attempts` unless rapid guessing, a failure streak or a mastery decline "
        + "explains the learner (one cause per learner); resolved when the skill is mastered";
  }

  @Override
  public List<String> explainedBy() {
    return List.of("rapid_guessing", "failure_streak", "mastery_decline");
  }

  @Override
  public List<RuleOption<?>> options() {
    return List.of(ENABLED, SEVERITY, ATTEMPTS, MASTERY_STREAK, MASTERY_P_KNOWN, MASTERY_P_KNOWN_UPDATES, ACT_ATTEMPTS);
  }

  @Override
  public Settings settings(Map<String, Object> section) {
    return new Settings(ENABLED.read(section, id()), SEVERITY.read(section, id()), ATTEMPTS.read(section, id()),
        MASTERY_STREAK.read(section, id()), MASTERY_P_KNOWN.read(section, id()),
        MASTERY_P_KNOWN_UPDATES.read(section, id()), ACT_ATTEMPTS.read(section, id()));
  }

  @Override
  protected void writeSkill(DataOutput out, Track t) throws IOException {
    out.writeInt(t.attempts);
    out.writeInt(t.correct);
    out.writeInt(t.run);
    out.writeBoolean(t.mastered);
    StateIo.writeStrings(out, t.attemptIds);
    out.writeInt(t.highUpdates);
  }

  /** Version 2 added the mastery updates in a row at the threshold. */
  @Override
  public int stateVersion() {
    return 2;
  }

  /**
   * Version 1 is also how the format-1 layout of the whole learner wrote one skill; it restores with no update at the
   * threshold yet, so a skill at it needs {@code mastery_p_known_updates} more.
   */
  @Override
  protected Track readSkill(DataInput in, int version) throws IOException {
    Track t = new Track();
    t.attempts = in.readInt();
    t.correct = in.readInt();
    t.run = in.readInt();
    t.mastered = in.readBoolean();
    StateIo.readStrings(in, t.attemptIds);
    if (version >= 2) {
      t.highUpdates = in.readInt();
    }
    return t;
  }

  @Override
  public void onObservation(Observation o, Settings settings, Map<String, Track> state, LearnerContext learner) {
    if (!o.isAnswer()) {
      return;
    }
    for (String skill : o.skills()) {
      Track track = state.computeIfAbsent(skill, s -> new Track());
      if (track.mastered) {
        continue;
      }
      track.attempts++;
      track.run = o.success() ? track.run + 1 : 0;
      if (o.success()) {
        track.correct++;
      }
      Evidence.remember(track.attemptIds, o.statementId(), LearnerContext.MAX_EVIDENCE_EVENTS);
      if (track.run >= settings.masteryStreak()) {
        mastered(track, skill, o.time(), learner);
      } else if (track.attempts >= settings.attempts() && !learner.isOpen(skill)) {
        learner.raise(skill, o.time(), o.course(), o.section(), evidence(track, settings),
            List.copyOf(track.attemptIds), 0);
      } else if (track.attempts >= settings.actAttempts()) {
        learner.escalate(skill, o.time(), evidence(track, settings), List.copyOf(track.attemptIds));
      }
    }
  }

  @Override
  public void onMastery(MasteryPoint p, Settings settings, Map<String, Track> state, LearnerContext learner) {
    Track track = state.get(p.skill());
    if (track != null && track.mastered) {
      return;
    }
    if (p.pKnown() < settings.masteryPKnown()) {
      if (track != null) {
        track.highUpdates = 0;
      }
      return;
    }
    // One update at the threshold can follow a lucky pair of guesses (under default parameters, right, right, wrong,
    // right, right lifts P(L) past 0.95 from its floor); a skill the learner knows stays there.
    Track t = state.computeIfAbsent(p.skill(), s -> new Track());
    t.highUpdates++;
    if (t.highUpdates >= settings.masteryPKnownUpdates()) {
      mastered(t, p.skill(), p.time(), learner);
    }
  }

  private static Map<String, Object> evidence(Track track, Settings settings) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("attempts", track.attempts);
    evidence.put("correct", track.correct);
    evidence.put("mastery_streak", settings.masteryStreak());
    return evidence;
  }

  private static void mastered(Track track, String skill, long time, LearnerContext learner) {
    track.mastered = true;
    track.attemptIds.clear();
    learner.resolve(skill, time);
  }
}
