package org.learnstream.pipeline.warning.spi;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One early-warning rule, whole: its settings (a section of the rules file), its per-learner state and how that
 * state is written into checkpoints, its logic, and its description for help texts. Implementations are stateless
 * singletons; the state lives in {@code T}, one per learner, and the engine hands it back on every call.
 *
 * @param <S> the rule's settings, validated when they are built
 * @param <T> the rule's state for one learner ({@link Void} and null for a rule that keeps none)
 */
public interface WarningRule<S extends RuleSettings, T> {

  /** The rule's id: its section in the rules file, the value of {@code alerts.rule} and of subscriptions. */
  String id();

  /** One sentence for help texts and the README: what makes the rule fire. */
  String summary();

  /** Whether the rule alerts per skill (alert.skill set) rather than once per learner. */
  boolean perSkill();

  /**
   * Ids of more specific rules that, when they have alerted the same learner at act, explain this rule's condition:
   * while one of them has escalated an alert within the rules' {@code explained_within}, this rule's alerts are not
   * escalated to act (they stay caution), so that a specialist reads one cause per learner. A rapid guesser also loses mastered skills and
   * fails to master new ones; the act alert to read is the rapid guessing one.
   */
  default List<String> explainedBy() {
    return List.of();
  }

  /** Every setting of the rule's section, with its default and description. */
  List<RuleOption<?>> options();

  /** Settings from the rule's section of the rules file (empty: the defaults); refuses invalid values. */
  S settings(Map<String, Object> section);

  /** The state of a learner the rule has not seen yet. */
  T newState();

  /**
   * The version {@link #writeState} writes, 1 for a rule's first layout. Raise it when the state's layout changes
   * and keep reading the older versions in {@link #readState}: checkpoints hold each rule's state with the version
   * that wrote it.
   */
  default int stateVersion() {
    return 1;
  }

  void writeState(T state, DataOutput out) throws IOException;

  /** Reads state written in {@code version}, at most {@link #stateVersion()}. */
  T readState(DataInput in, int version) throws IOException;

  /** Every learning event, answers and others, in event-time order. */
  default void onObservation(Observation o, S settings, T state, LearnerContext learner) {
  }

  /** Every mastery update of one of the learner's skills. */
  default void onMastery(MasteryPoint p, S settings, T state, LearnerContext learner) {
  }

  /** When {@link #onTime} should next be called if nothing else happens; Long.MAX_VALUE for never. */
  default long deadline(S settings, T state, LearnerContext learner) {
    return Long.MAX_VALUE;
  }

  /** Event time has reached {@code now}, at or after {@link #deadline}. */
  default void onTime(long now, S settings, T state, LearnerContext learner) {
  }
}
