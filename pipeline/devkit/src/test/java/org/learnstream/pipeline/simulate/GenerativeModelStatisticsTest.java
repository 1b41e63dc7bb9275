package org.learnstream.pipeline.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The answers follow BKT's generative model with the configured parameters. */
class GenerativeModelStatisticsTest {

  /** Spread-out parameters so a mix-up of guess, slip or learn between skills would show. */
  private static final List<SkillSpec> SKILLS = List.of(
      SkillSpec.of("fractions.add", "Adding fractions", 0.15, 0.10, 0.15, 0.05),
      SkillSpec.of("fractions.compare", "Comparing fractions", 0.35, 0.20, 0.25, 0.10),
      SkillSpec.of("ratios.unit-rate", "Unit rates", 0.25, 0.30, 0.30, 0.15),
      SkillSpec.of("integers.add", "Adding integers", 0.50, 0.15, 0.20, 0.20));

  private static CohortSimulator simulator;
  private static final Map<String, int[]> answers = new HashMap<>(); // skill -> known n, known correct, unknown n, unknown correct
  private static final Map<String, int[]> transitions = new HashMap<>(); // skill -> unknown before, known at next answer
  private static final Map<String, int[]> firstAnswers = new HashMap<>(); // skill -> first answers, known on them

  @BeforeAll
  static void simulate() {
    CohortSpec spec = CohortSpec.of(77, "stats", 1500, 4, 14).withSkills(SKILLS).withBehaviours(BehaviourMix.typical());
    simulator = new CohortSimulator(spec);
    Set<String> plainLearners = simulator.truth().withBehaviour(Behaviour.NONE).stream()
        .map(LearnerTruth::email).collect(Collectors.toSet());
    Map<String, Boolean> previousKnown = new HashMap<>();
    simulator.statements().filter(SimulatedStatement::isAnswer).forEach(s -> {
      if (!s.shaped()) {
        int[] a = answers.computeIfAbsent(s.skillId(), k -> new int[4]);
        int base = s.knownBefore() ? 0 : 2;
        a[base]++;
        if (s.correct()) {
          a[base + 1]++;
        }
      }
      if (plainLearners.contains(s.learnerEmail())) {
        String key = s.learnerEmail() + "/" + s.skillId();
        Boolean before = previousKnown.put(key, s.knownBefore());
        if (before != null && !before) {
          int[] t = transitions.computeIfAbsent(s.skillId(), k -> new int[2]);
          t[0]++;
          if (s.knownBefore()) {
            t[1]++;
          }
        }
        if (s.attempt() == 1) {
          int[] f = firstAnswers.computeIfAbsent(s.skillId(), k -> new int[2]);
          f[0]++;
          if (s.knownBefore()) {
            f[1]++;
          }
        }
      }
    });
  }

  @Test
  void answersOnKnownSkillsAreCorrectAtOneMinusSlip() {
    for (SkillSpec skill : SKILLS) {
      int[] a = answers.get(skill.skillId());
      assertThat(a[0]).as("known answers on %s", skill.skillId()).isGreaterThan(3000);
      assertThat((double) a[1] / a[0]).as("correct rate when known, %s", skill.skillId())
          .isCloseTo(1 - skill.slip(), within(0.02));
    }
  }

  @Test
  void answersOnUnknownSkillsAreCorrectAtTheGuessRate() {
    for (SkillSpec skill : SKILLS) {
      int[] a = answers.get(skill.skillId());
      assertThat(a[2]).as("unknown answers on %s", skill.skillId()).isGreaterThan(3000);
      assertThat((double) a[3] / a[2]).as("correct rate when unknown, %s", skill.skillId())
          .isCloseTo(skill.guess(), within(0.02));
    }
  }

  @Test
  void anUnknownSkillIsLearnedBetweenAnswersAtTheLearnRate() {
    for (SkillSpec skill : SKILLS) {
      int[] t = transitions.get(skill.skillId());
      assertThat(t[0]).as("answers on %s that followed an unknown state", skill.skillId()).isGreaterThan(1500);
      assertThat((double) t[1] / t[0]).as("learn rate of %s", skill.skillId()).isCloseTo(skill.learn(), within(0.03));
    }
  }

  @Test
  void theShareKnownBeforeTheFirstAnswerMatchesThePrior() {
    for (SkillSpec skill : SKILLS) {
      int[] f = firstAnswers.get(skill.skillId());
      assertThat(f[0]).as("first answers on %s", skill.skillId()).isGreaterThan(1000);
      assertThat((double) f[1] / f[0]).as("prior of %s", skill.skillId()).isCloseTo(skill.prior(), within(0.04));
    }
  }

  @Test
  void theGroundTruthAgreesWithTheHiddenStateBehindEachAnswer() {
    Map<String, Map<Integer, Boolean>> knownBeforeAttempt = new HashMap<>();
    CohortSimulator small = new CohortSimulator(CohortSpec.of(5, "truth", 80, 4, 14).withSkills(SKILLS)
        .withBehaviours(BehaviourMix.typical()));
    small.statements().filter(SimulatedStatement::isAnswer).forEach(s -> knownBeforeAttempt
        .computeIfAbsent(s.learnerEmail() + "/" + s.skillId(), k -> new HashMap<>()).put(s.attempt(), s.knownBefore()));
    int checkedLearnings = 0;
    for (LearnerTruth learner : small.truth().learners()) {
      for (SkillTruth skill : learner.skills()) {
        Map<Integer, Boolean> seen = knownBeforeAttempt.getOrDefault(learner.email() + "/" + skill.skillId(), Map.of());
        assertThat(seen).hasSize(skill.attempts());
        if (skill.attempts() > 0) {
          assertThat(seen.get(1)).isEqualTo(skill.knownAtStart());
        }
        if (skill.learnedAtAttempt() > 0) {
          assertThat(seen.get(skill.learnedAtAttempt())).isFalse();
          if (skill.learnedAtAttempt() < skill.attempts()) {
            assertThat(seen.get(skill.learnedAtAttempt() + 1)).isTrue();
            checkedLearnings++;
          }
          assertThat(skill.learnedAt()).isNotNull();
        }
        assertThat(skill.knownAtEnd()).isEqualTo(skill.learnedAtAttempt() >= 0);
      }
    }
    assertThat(checkedLearnings).isGreaterThan(50);
  }

  @Test
  void aKnownSkillIsForgottenBetweenAnswersAtTheForgetRate() {
    SkillSpec forgetful = new SkillSpec("fractions.add", "Adding fractions", 0.4, 0.3, 0.2, 0.1, 0.08);
    CohortSimulator cohort = new CohortSimulator(
        CohortSpec.of(11, "forget", 600, 1, 14).withSkills(List.of(forgetful)));
    Map<String, Boolean> previousKnown = new HashMap<>();
    int[] fromKnown = new int[2];
    cohort.statements().filter(SimulatedStatement::isAnswer).forEach(s -> {
      Boolean before = previousKnown.put(s.learnerEmail(), s.knownBefore());
      if (before != null && before) {
        fromKnown[0]++;
        if (!s.knownBefore()) {
          fromKnown[1]++;
        }
      }
    });
    assertThat(fromKnown[0]).isGreaterThan(5000);
    assertThat((double) fromKnown[1] / fromKnown[0]).isCloseTo(forgetful.forget(), within(0.02));
    for (LearnerTruth learner : cohort.truth().learners()) {
      SkillTruth truth = learner.skill("fractions.add");
      assertThat(truth.knownAtEnd()).isEqualTo(truth.learnedAtAttempt() >= 0);
    }
  }
}
