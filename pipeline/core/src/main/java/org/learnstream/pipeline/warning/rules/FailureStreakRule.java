package org.learnstream.pipeline.warning.rules;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
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

/** A run of wrong answers on any skill; the next correct answer resolves it. */
public final class FailureStreakRule implements WarningRule<FailureStreakRule.Settings, FailureStreakRule.Run> {

  public static final FailureStreakRule RULE = new FailureStreakRule();

  private static final RuleOption<Boolean> ENABLED = RuleOption.enabled();
  private static final RuleOption<Severity> SEVERITY = RuleOption.severity(Severity.INFO);
  private static final RuleOption<Integer> FAILURES = RuleOption.integer("failures", 12,
      "wrong answers in a row that raise the alert, in [2, 1000]");

  private static final RuleOption<Integer> ACT_FAILURES = RuleOption.integer("act_failures", 24,
      "wrong answers in a row that escalate the alert to act, in [failures, 1000]");

  /** {@code failures} consecutive incorrect answers (any skill); {@code actFailures} of them escalate to act. */
  public record Settings(boolean enabled, Severity severity, int failures, int actFailures) implements RuleSettings {
    public Settings {
      RuleSettings.require(failures >= 2 && failures <= 1000, "failure_streak.failures",
          "must be in [2, 1000] (was " + failures + ")");
      RuleSettings.require(actFailures >= failures && actFailures <= 1000, "failure_streak.act_failures",
          "must be in [failures, 1000] (was " + actFailures + ")");
    }
  }

  /** The current run of wrong answers and its newest statements. */
  static final class Run {
    int failures;
    final ArrayDeque<String> ids = new ArrayDeque<>();
  }

  private FailureStreakRule() {
  }

  @Override
  public String id() {
    return "failure_streak";
  }

  @Override
  public String summary() {
    return "`failures` wrong answers in a row on any skill (shorter runs are ordinary while a new skill is still "
        + "unlearned at guess rates 0.12-0.28), act at `act_failures`; resolved by the next correct answer";
  }

  @Override
  public boolean perSkill() {
    return false;
  }

  @Override
  public List<RuleOption<?>> options() {
    return List.of(ENABLED, SEVERITY, FAILURES, ACT_FAILURES);
  }

  @Override
  public Settings settings(Map<String, Object> section) {
    return new Settings(ENABLED.read(section, id()), SEVERITY.read(section, id()), FAILURES.read(section, id()),
        ACT_FAILURES.read(section, id()));
  }

  @Override
  public Run newState() {
    return new Run();
  }

  @Override
  public void writeState(Run state, DataOutput out) throws IOException {
    out.writeInt(state.failures);
    StateIo.writeStrings(out, state.ids);
  }

  /** This version and the format-1 layout of the whole learner write the run alike. */
  @Override
  public Run readState(DataInput in, int version) throws IOException {
    Run run = new Run();
    run.failures = in.readInt();
    StateIo.readStrings(in, run.ids);
    return run;
  }

  @Override
  public void onObservation(Observation o, Settings settings, Run run, LearnerContext learner) {
    if (!o.isAnswer()) {
      return;
    }
    if (o.success()) {
      run.failures = 0;
      run.ids.clear();
      learner.resolve(null, o.time());
      return;
    }
    run.failures++;
    Evidence.remember(run.ids, o.statementId(), settings.actFailures());
    if (run.failures >= settings.failures() && !learner.isOpen(null)) {
      learner.raise(null, o.time(), o.course(), o.section(), Map.of("consecutive_failures", run.failures),
          List.copyOf(run.ids), 0);
    } else if (run.failures >= settings.actFailures()) {
      learner.escalate(null, o.time(), Map.of("consecutive_failures", run.failures), List.copyOf(run.ids));
    }
  }
}
