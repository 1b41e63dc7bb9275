package org.learnstream.pipeline.evaluation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.learnstream.pipeline.simulate.Behaviour;
import org.learnstream.pipeline.simulate.GroundTruth;
import org.learnstream.pipeline.simulate.LearnerTruth;
import org.learnstream.pipeline.simulate.SimulatedStatement;

/**
 * When a simulated learner (and skill) is at risk, from the simulator's hidden truth:
 * <ul>
 *   <li>injected: from the onset of the learner's behaviour on, on the skills it affects (WHEEL_SPIN: the affected
 *       skill; FORGET: the forgotten skills; DISENGAGE, RAPID_GUESS, STRUGGLE: every skill);</li>
 *   <li>stuck (no injection needed): a learner x skill whose first {@code stuckAfter} answers were all given without
 *       knowing the skill (hidden state), from its first answer on: the learner could not have shown the mastery
 *       streak within the wheel-spinning rule's attempts. These are ordinary learners who really wheel-spin (Beck and
 *       Gong), e.g. on a skill with a low learn rate.</li>
 * </ul>
 * Fed with every answer in event-time order ({@link #observe}); asked with {@link #atRisk} and {@link #ownTruth}.
 */
final class AtRiskTruth {

  private final Map<String, LearnerTruth> learners = new HashMap<>();
  private final int stuckAfter;
  private final Map<String, Pair> pairs = new HashMap<>();
  private final Map<String, String> skillOfStatement = new HashMap<>();

  AtRiskTruth(GroundTruth truth, int stuckAfter) {
    truth.learners().forEach(l -> learners.put(l.email(), l));
    this.stuckAfter = stuckAfter;
  }

  void observe(SimulatedStatement s) {
    if (!s.isAnswer()) {
      return;
    }
    skillOfStatement.put(s.statementId(), s.skillId());
    Pair p = pairs.computeIfAbsent(s.learnerEmail() + '|' + s.skillId(), k -> new Pair());
    if (p.firstAnswer == Long.MAX_VALUE) {
      p.firstAnswer = s.timestamp().toEpochMilli();
    }
    if (s.knownBefore()) {
      p.everKnown = true;
      return;
    }
    p.unknownAnswers++;
    if (!p.everKnown && p.unknownAnswers == stuckAfter) {
      p.stuck = true;
    }
  }

  /** The skill of an answer statement, or null. */
  String skillOf(String statementId) {
    return statementId == null ? null : skillOfStatement.get(statementId);
  }

  /** Whether the learner's injected behaviour has begun by {@code time} and affects {@code skill} (null: any). */
  boolean injected(String learner, Behaviour behaviour, String skill, long time) {
    LearnerTruth l = learners.get(learner);
    if (l == null || l.behaviour() == Behaviour.NONE || (behaviour != null && l.behaviour() != behaviour)
        || l.onset() == null || time < l.onset().toEpochMilli()) {
      return false;
    }
    return skill == null || affects(l, skill);
  }

  /** Whether the learner x skill was stuck at {@code time}. */
  boolean stuck(String learner, String skill, long time) {
    Pair p = skill == null ? null : pairs.get(learner + '|' + skill);
    return p != null && p.stuck && p.firstAnswer <= time;
  }

  /** At risk in any way: an injected behaviour (on that skill) or a stuck skill. */
  boolean atRisk(String learner, String skill, long time) {
    return injected(learner, null, skill, time) || stuck(learner, skill, time);
  }

  static boolean affects(LearnerTruth l, String skill) {
    return switch (l.behaviour()) {
      case WHEEL_SPIN -> skill.equals(l.affectedSkill());
      case FORGET -> l.forgotten().contains(skill);
      default -> true;
    };
  }

  /** The skills a learner's behaviour affects, for recall; null means every skill. */
  static List<String> affectedSkills(LearnerTruth l) {
    return switch (l.behaviour()) {
      case WHEEL_SPIN -> l.affectedSkill() == null ? List.of() : List.of(l.affectedSkill());
      case FORGET -> l.forgotten();
      default -> null;
    };
  }

  private static final class Pair {
    int unknownAnswers;
    boolean everKnown;
    boolean stuck;
    long firstAnswer = Long.MAX_VALUE;
  }
}
