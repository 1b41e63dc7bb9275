package org.learnstream.pipeline.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BehaviourInjectionTest {

  private static final BehaviourMix MIX = new BehaviourMix(0.1, 0.08, 0.12);
  private static CohortSimulator simulator;
  private static GroundTruth truth;
  private static final Map<String, List<SimulatedStatement>> byLearner = new HashMap<>();

  @BeforeAll
  static void simulate() {
    simulator = new CohortSimulator(CohortSpec.demo().withLearners(300).withSections(12).withBehaviours(MIX));
    truth = simulator.truth();
    simulator.statements().forEach(s -> byLearner.computeIfAbsent(s.learnerEmail(), k -> new ArrayList<>()).add(s));
  }

  @Test
  void theConfiguredShareOfLearnersGetsEachBehaviour() {
    assertThat(truth.withBehaviour(Behaviour.DISENGAGE)).hasSize(30);
    assertThat(truth.withBehaviour(Behaviour.WHEEL_SPIN)).hasSize(24);
    assertThat(truth.withBehaviour(Behaviour.RAPID_GUESS)).hasSize(36);
    assertThat(truth.withBehaviour(Behaviour.NONE)).hasSize(300 - 30 - 24 - 36);
  }

  @Test
  void aDisengagedLearnerIsActiveBeforeTheOnsetAndSilentFromItOn() {
    for (LearnerTruth learner : truth.withBehaviour(Behaviour.DISENGAGE)) {
      Instant onset = learner.onset();
      assertThat(onset).isAfter(simulator.spec().start())
          .isBefore(simulator.spec().start().plus(java.time.Duration.ofDays(14)));
      List<SimulatedStatement> statements = byLearner.get(learner.email());
      assertThat(statements).as("statements of %s", learner.email()).isNotEmpty();
      assertThat(statements).allMatch(s -> s.timestamp().isBefore(onset));
      assertThat(learner.lastActivity()).isBefore(onset);
    }
  }

  @Test
  void aWheelSpinningLearnerFailsTheAffectedSkillForAtLeastTenAttemptsWithoutThreeInARow() {
    for (LearnerTruth learner : truth.withBehaviour(Behaviour.WHEEL_SPIN)) {
      String skill = learner.affectedSkill();
      assertThat(skill).isNotNull();
      List<SimulatedStatement> attempts = byLearner.get(learner.email()).stream()
          .filter(s -> s.isAnswer() && s.skillId().equals(skill)).toList();
      assertThat(attempts).as("attempts of %s on %s", learner.email(), skill).hasSizeGreaterThanOrEqualTo(10);
      assertThat(learner.onset()).isEqualTo(attempts.get(0).timestamp());
      int run = 0;
      for (SimulatedStatement s : attempts) {
        run = s.correct() ? run + 1 : 0;
        assertThat(run).as("correct in a row for %s on %s", learner.email(), skill).isLessThan(3);
      }
      assertThat(learner.skill(skill).knownAtEnd()).isFalse();
    }
  }

  @Test
  void aRapidGuesserAnswersMostlyInOneToThreeSecondsAfterTheOnsetCorrectOnlyAtTheGuessRate() {
    Map<String, Double> guess = new HashMap<>();
    simulator.spec().skills().forEach(s -> guess.put(s.skillId(), s.guess()));
    double expectedCorrect = 0;
    int fast = 0;
    int fastCorrect = 0;
    int afterOnset = 0;
    for (LearnerTruth learner : truth.withBehaviour(Behaviour.RAPID_GUESS)) {
      for (SimulatedStatement s : byLearner.get(learner.email())) {
        if (!s.isAnswer()) {
          continue;
        }
        boolean isFast = s.durationMillis() >= 1000 && s.durationMillis() <= 3000;
        if (s.timestamp().isBefore(learner.onset())) {
          assertThat(isFast).as("fast answer before onset by %s", learner.email()).isFalse();
          continue;
        }
        afterOnset++;
        if (isFast) {
          fast++;
          expectedCorrect += guess.get(s.skillId());
          if (s.correct()) {
            fastCorrect++;
          }
        }
      }
    }
    assertThat(afterOnset).isGreaterThan(1000);
    assertThat((double) fast / afterOnset).isCloseTo(0.7, within(0.05));
    assertThat((double) fastCorrect / fast).isCloseTo(expectedCorrect / fast, within(0.04));
  }

  @Test
  void learnersWithoutABehaviourNeverAnswerInUnderFourSeconds() {
    for (LearnerTruth learner : truth.withBehaviour(Behaviour.NONE)) {
      assertThat(byLearner.get(learner.email())).filteredOn(SimulatedStatement::isAnswer)
          .allMatch(s -> s.durationMillis() >= 4000);
      assertThat(learner.onset()).isNull();
      assertThat(learner.affectedSkill()).isNull();
    }
  }
}
