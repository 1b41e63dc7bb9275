package org.learnstream.pipeline.warning.rules;

import java.io.DataInput;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the rules' part of early-warning state in format 1, where one layout held the five rules' state together
 * (savepoints taken before each rule wrote its own section). Frozen: rules added later never appear in it and start
 * from their new state.
 */
public final class Format1RuleStates {

  private Format1RuleStates() {
  }

  /** The states by rule id, read from where format 1 keeps them: after the learner's newest event, before the alerts. */
  public static Map<String, Object> read(DataInput in) throws IOException {
    Map<String, WheelSpinningRule.Track> wheelSpinning = WheelSpinningRule.RULE.newState();
    Map<String, MasteryDeclineRule.Track> masteryDecline = MasteryDeclineRule.RULE.newState();
    for (int i = in.readInt(); i > 0; i--) {
      String skill = in.readUTF();
      wheelSpinning.put(skill, WheelSpinningRule.RULE.readSkill(in, 1));
      masteryDecline.put(skill, MasteryDeclineRule.RULE.readSkill(in, 1));
    }
    Map<String, Object> states = new HashMap<>();
    states.put(WheelSpinningRule.RULE.id(), wheelSpinning);
    states.put(MasteryDeclineRule.RULE.id(), masteryDecline);
    states.put(FailureStreakRule.RULE.id(), FailureStreakRule.RULE.readState(in, 1));
    states.put(RapidGuessingRule.RULE.id(), RapidGuessingRule.RULE.readState(in, 1));
    return states;
  }
}
