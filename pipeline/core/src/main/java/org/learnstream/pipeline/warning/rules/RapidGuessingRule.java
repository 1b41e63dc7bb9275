package org.learnstream.pipeline.warning.rules;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.learnstream.pipeline.warning.spi.Evidence;
import org.learnstream.pipeline.warning.spi.LearnerContext;
import org.learnstream.pipeline.warning.spi.Observation;
import org.learnstream.pipeline.warning.spi.RuleOption;
import org.learnstream.pipeline.warning.spi.RuleSettings;
import org.learnstream.pipeline.warning.spi.Severity;
import org.learnstream.pipeline.warning.spi.StateIo;
import org.learnstream.pipeline.warning.spi.WarningRule;

/** Too many answers given faster than anyone could read the item; resolved when the share falls back. */
public final class RapidGuessingRule implements WarningRule<RapidGuessingRule.Settings, RapidGuessingRule.Window> {

  public static final RapidGuessingRule RULE = new RapidGuessingRule();

  private static final RuleOption<Boolean> ENABLED = RuleOption.enabled();
  private static final RuleOption<Severity> SEVERITY = RuleOption.severity(Severity.WARNING);
  private static final RuleOption<Integer> THRESHOLD_MS = RuleOption.integer("threshold_ms", 4000,
      "an answer faster than this is a rapid guess, > 0");
  private static final RuleOption<Map<String, Long>> ACTIVITY_THRESHOLDS_MS = RuleOption.millisByKey(
      "activity_thresholds_ms", "thresholds of single activities (activity id: milliseconds)");
  private static final RuleOption<Double> SHARE = RuleOption.number("share", 0.5,
      "share of rapid answers above which the alert is raised, in (0, 1)");
  private static final RuleOption<Integer> ACT_ANSWERS = RuleOption.integer("act_answers", 10,
      "further answers with the share still above it after the alert that escalate it to act, in [1, 1000]");
  private static final RuleOption<Integer> WINDOW = RuleOption.integer("window", 10,
      "newest answers the share is taken over, in [2, 1000]");

  /**
   * More than {@code share} of the last {@code window} answers took less than the activity's threshold
   * ({@code activityThresholdsMs}, else {@code thresholdMs}).
   */
  public record Settings(boolean enabled, Severity severity, long thresholdMs, Map<String, Long> activityThresholdsMs,
      double share, int window, int actAnswers) implements RuleSettings {
    public Settings {
      RuleSettings.require(thresholdMs > 0, "rapid_guessing.threshold_ms", "must be > 0 (was " + thresholdMs + ")");
      activityThresholdsMs = Map.copyOf(activityThresholdsMs == null ? Map.of() : activityThresholdsMs);
      RuleSettings.require(share > 0 && share < 1, "rapid_guessing.share", "must be in (0, 1) (was " + share + ")");
      RuleSettings.require(window >= 2 && window <= 1000, "rapid_guessing.window",
          "must be in [2, 1000] answers (was " + window + ")");
      RuleSettings.require(actAnswers >= 1 && actAnswers <= 1000, "rapid_guessing.act_answers",
          "must be in [1, 1000] answers (was " + actAnswers + ")");
    }

    public long thresholdFor(String activity) {
      Long t = activity == null ? null : activityThresholdsMs.get(activity);
      return t == null ? thresholdMs : t;
    }
  }

  /** The newest answers with a duration: their statements and whether each was rapid. */
  static final class Window {
    final ArrayDeque<String> ids = new ArrayDeque<>();
    final ArrayDeque<Boolean> rapid = new ArrayDeque<>();
    /** Answers since the open alert was raised, the share above it after each (state version 2). */
    int answersSinceRaised;
  }

  private RapidGuessingRule() {
  }

  @Override
  public String id() {
    return "rapid_guessing";
  }

  @Override
  public String summary() {
    return "more than `share` of the last `window` answers faster than a per-activity threshold, act when the "
        + "share stays above it for `act_answers` further answers; resolved when the share falls back";
  }

  @Override
  public boolean perSkill() {
    return false;
  }

  @Override
  public List<RuleOption<?>> options() {
    return List.of(ENABLED, SEVERITY, THRESHOLD_MS, ACTIVITY_THRESHOLDS_MS, SHARE, WINDOW, ACT_ANSWERS);
  }

  @Override
  public Settings settings(Map<String, Object> section) {
    return new Settings(ENABLED.read(section, id()), SEVERITY.read(section, id()), THRESHOLD_MS.read(section, id()),
        ACTIVITY_THRESHOLDS_MS.read(section, id()), SHARE.read(section, id()), WINDOW.read(section, id()),
        ACT_ANSWERS.read(section, id()));
  }

  @Override
  public Window newState() {
    return new Window();
  }

  @Override
  public void writeState(Window state, DataOutput out) throws IOException {
    StateIo.writeStrings(out, state.ids);
    out.writeInt(state.rapid.size());
    for (boolean rapid : state.rapid) {
      out.writeBoolean(rapid);
    }
    out.writeInt(state.answersSinceRaised);
  }

  /** Version 2 added the answers since the open alert was raised. */
  @Override
  public int stateVersion() {
    return 2;
  }

  /**
   * Version 1 and the format-1 layout of the whole learner wrote the window alike; an alert open in them counts its
   * persistence from the restore on.
   */
  @Override
  public Window readState(DataInput in, int version) throws IOException {
    Window w = new Window();
    StateIo.readStrings(in, w.ids);
    for (int i = in.readInt(); i > 0; i--) {
      w.rapid.add(in.readBoolean());
    }
    if (version >= 2) {
      w.answersSinceRaised = in.readInt();
    }
    return w;
  }

  @Override
  public void onObservation(Observation o, Settings settings, Window window, LearnerContext learner) {
    if (!o.isAnswer() || o.durationMs() == null) {
      return;
    }
    long threshold = settings.thresholdFor(o.activity());
    window.rapid.addLast(o.durationMs() < threshold);
    window.ids.addLast(o.statementId());
    while (window.rapid.size() > settings.window()) {
      window.rapid.removeFirst();
      window.ids.removeFirst();
    }
    if (window.rapid.size() < settings.window()) {
      return;
    }
    long rapid = window.rapid.stream().filter(Boolean::booleanValue).count();
    double share = rapid / (double) window.rapid.size();
    if (share <= settings.share()) {
      learner.resolve(null, o.time());
    } else if (learner.isOpen(null)) {
      if (++window.answersSinceRaised >= settings.actAnswers()) {
        Map<String, Object> evidence = evidence(window, share, rapid, threshold);
        evidence.put("answers_since_alert", window.answersSinceRaised);
        learner.escalate(null, o.time(), evidence, rapidIds(window));
      }
    } else {
      window.answersSinceRaised = 0;
      learner.raise(null, o.time(), o.course(), o.section(), evidence(window, share, rapid, threshold),
          rapidIds(window), 0);
    }
  }

  private static List<String> rapidIds(Window window) {
    List<String> ids = new ArrayList<>();
    Iterator<String> idIt = window.ids.iterator();
    for (Boolean r : window.rapid) {
      String id = idIt.next();
      if (r) {
        ids.add(id);
      }
    }
    return ids;
  }

  private static Map<String, Object> evidence(Window window, double share, long rapid, long threshold) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("rapid_share", Evidence.round(share));
    evidence.put("rapid_answers", rapid);
    evidence.put("window_answers", window.rapid.size());
    evidence.put("threshold_ms", threshold);
    return evidence;
  }
}
