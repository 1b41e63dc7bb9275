package org.learnstream.pipeline.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ForgetAndStruggleTest {

  private static final BehaviourMix THREE = new BehaviourMix(0.1, 0.1, 0.1);
  private static final BehaviourMix FIVE = new BehaviourMix(0.1, 0.1, 0.1, 0.1, 0.1);
  private static final CohortSpec SPEC = CohortSpec.demo().withLearners(200).withDays(21);
  private static CohortSimulator simulator;
  private static GroundTruth truth;
  private static final Map<String, List<SimulatedStatement>> byLearner = new HashMap<>();

  @BeforeAll
  static void simulate() {
    simulator = new CohortSimulator(SPEC.withBehaviours(FIVE));
    truth = simulator.truth();
    simulator.statements().forEach(s -> byLearner.computeIfAbsent(s.learnerEmail(), k -> new ArrayList<>()).add(s));
  }

  @Test
  void eachNewBehaviourGetsItsShareAndAMidCohortOnset() {
    assertThat(truth.withBehaviour(Behaviour.FORGET)).hasSize(20);
    assertThat(truth.withBehaviour(Behaviour.STRUGGLE)).hasSize(20);
    for (Behaviour b : new Behaviour[] {Behaviour.FORGET, Behaviour.STRUGGLE}) {
      for (LearnerTruth l : truth.withBehaviour(b)) {
        assertThat(l.onset()).as("%s onset of %s", b, l.email())
            .isAfter(SPEC.start().plus(java.time.Duration.ofDays(3)))
            .isBefore(SPEC.start().plus(java.time.Duration.ofDays(SPEC.days())));
      }
    }
  }

  @Test
  void aForgetterKnewTheForgottenSkillsBeforeTheOnsetAndNeverAfterwards() {
    int practisedSoonAfter = 0;
    for (LearnerTruth l : truth.withBehaviour(Behaviour.FORGET)) {
      assertThat(l.forgotten()).as("forgotten skills of %s", l.email()).isNotEmpty();
      boolean firstAfterOnset = true;
      for (SimulatedStatement s : byLearner.get(l.email())) {
        if (!s.isAnswer() || !l.forgotten().contains(s.skillId())) {
          continue;
        }
        if (s.timestamp().isBefore(l.onset())) {
          continue;
        }
        assertThat(s.knownBefore()).as("%s knows forgotten %s at %s", l.email(), s.skillId(), s.timestamp()).isFalse();
        if (firstAfterOnset && s.timestamp().isBefore(l.onset().plus(java.time.Duration.ofDays(1)))) {
          practisedSoonAfter++;
        }
        firstAfterOnset = false;
      }
      for (String skill : l.forgotten()) {
        assertThat(l.skill(skill).knownAtEnd()).isFalse();
      }
    }
    // Practice returns to the forgotten skills: most forgetters answer one on their onset day.
    assertThat(practisedSoonAfter).isGreaterThanOrEqualTo(15);
  }

  @Test
  void aStrugglerAnswersRightAboutOneTimeInTenFromTheOnsetOn() {
    int after = 0;
    int right = 0;
    for (LearnerTruth l : truth.withBehaviour(Behaviour.STRUGGLE)) {
      for (SimulatedStatement s : byLearner.get(l.email())) {
        if (s.isAnswer() && !s.timestamp().isBefore(l.onset())) {
          after++;
          right += s.correct() ? 1 : 0;
          assertThat(s.shaped()).isTrue();
          assertThat(s.durationMillis()).isGreaterThanOrEqualTo(4000);
        }
      }
    }
    assertThat(after).isGreaterThan(1000);
    assertThat(right / (double) after).isCloseTo(0.1, within(0.03));
  }

  @Test
  void addingTheNewBehavioursLeavesTheOtherAtRiskLearnersUnchanged() {
    CohortSimulator three = new CohortSimulator(SPEC.withBehaviours(THREE));
    Map<String, List<String>> before = new HashMap<>();
    three.statements()
        .forEach(s -> before.computeIfAbsent(s.learnerEmail(), k -> new ArrayList<>()).add(s.statementId()));
    int compared = 0;
    for (LearnerTruth l : three.truth().learners()) {
      if (l.behaviour() == Behaviour.NONE) {
        continue;
      }
      assertThat(truth.learner(l.email()).behaviour()).isEqualTo(l.behaviour());
      assertThat(byLearner.get(l.email()).stream().map(SimulatedStatement::statementId).toList())
          .as("statements of %s", l.email()).isEqualTo(before.get(l.email()));
      compared++;
    }
    assertThat(compared).isEqualTo(60);
  }
}
