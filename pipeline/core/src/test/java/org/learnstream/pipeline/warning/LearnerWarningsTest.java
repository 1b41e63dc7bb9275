package org.learnstream.pipeline.warning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.warning.rules.FailureStreakRule;
import org.learnstream.pipeline.warning.rules.MasteryDeclineRule;
import org.learnstream.pipeline.warning.rules.RapidGuessingRule;
import org.learnstream.pipeline.warning.rules.WheelSpinningRule;
import org.learnstream.pipeline.warning.spi.MasteryPoint;
import org.learnstream.pipeline.warning.spi.Observation;

class LearnerWarningsTest {

  private final LearnerFeed feed = new LearnerFeed();
  private final WarningRules rules = feed.rules;
  private final LearnerWarnings learner = feed.learner;

  @Test
  void wheelSpinningFiresAtTheTenthAttemptWithoutThreeInARowAndResolvesOnMastery() {
    List<AlertChange> out = new ArrayList<>();
    boolean[] pattern = {true, true, false, false, true, false, true, true, false, false};
    for (boolean correct : pattern) {
      out.addAll(answer("fractions.add", correct, 30_000));
    }
    assertThat(out).extracting(AlertChange::rule).containsExactly(WheelSpinningRule.RULE);
    AlertChange raised = out.get(0);
    assertThat(raised.skill()).isEqualTo("fractions.add");
    assertThat(raised.evidence()).contains("\"attempts\":10").contains("\"correct\":5");
    assertThat(raised.evidenceEvents()).hasSize(10);

    out.clear();
    for (int i = 0; i < 3; i++) {
      out.addAll(answer("fractions.add", true, 30_000));
    }
    assertThat(out).singleElement().satisfies(c -> {
      assertThat(c.resolved()).isTrue();
      assertThat(c.alertId()).isEqualTo(raised.alertId());
    });
    assertThat(learner.hasOpenAlerts()).isFalse();
  }

  @Test
  void rapidGuessingNeedsMoreThanTheShareOfFastAnswersInTheWindow() {
    List<AlertChange> out = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      out.addAll(answer("s", true, 2_000));
      out.addAll(answer("s", true, 30_000));
    }
    // Sliding on by one fast answer drops a fast one: still half.
    out.addAll(answer("s", true, 2_000));
    assertThat(out).noneMatch(c -> c.rule() == RapidGuessingRule.RULE);
    out.addAll(answer("s", true, 2_000));
    assertThat(out).filteredOn(c -> c.rule() == RapidGuessingRule.RULE).singleElement()
        .satisfies(c -> assertThat(c.evidence()).contains("\"rapid_share\":0.6"));
  }

  @Test
  void masteryDeclineNeedsAMasteredPeakAndAFallSustainedOverThreeUpdatesAndResolvesOnRecovery() {
    // mastered: P(L) held at the peak on two updates in a row
    assertThat(mastery("s", 0.97)).isEmpty();
    assertThat(mastery("s", 0.97)).isEmpty();
    assertThat(mastery("s", 0.6)).isEmpty();
    assertThat(mastery("s", 0.45)).isEmpty();
    assertThat(mastery("s", 0.4)).isEmpty();
    List<AlertChange> raised = mastery("s", 0.3);
    assertThat(raised).extracting(AlertChange::rule).containsExactly(MasteryDeclineRule.RULE);
    assertThat(raised.get(0).evidence()).contains("\"p_known_peak\":0.97").contains("\"drop\":0.67");
    assertThat(mastery("s", 0.6)).isEmpty();
    assertThat(mastery("s", 0.8)).singleElement().satisfies(c -> assertThat(c.resolved()).isTrue());
  }

  @Test
  void aSingleSlipOrAFallFromBelowMasteryIsNoDecline() {
    assertThat(mastery("slip", 0.99)).isEmpty();
    assertThat(mastery("slip", 0.4)).isEmpty();
    assertThat(mastery("slip", 0.3)).isEmpty();
    assertThat(mastery("slip", 0.8)).isEmpty();
    assertThat(mastery("slip", 0.3)).isEmpty();
    for (double p : new double[] {0.9, 0.3, 0.2, 0.1, 0.1}) {
      assertThat(mastery("lucky", p)).as("P(L) %s after a peak below mastery", p).isEmpty();
    }
  }

  @Test
  void theSameEventsGiveTheSameAlertIds() {
    LearnerWarnings other = new LearnerWarnings("t1", "p-1");
    long start = feed.time;
    List<AlertChange> a = new ArrayList<>();
    int failures = rules.of(FailureStreakRule.RULE).failures();
    for (int i = 0; i < failures; i++) {
      a.addAll(answer("s", false, 30_000));
    }
    List<AlertChange> b = new ArrayList<>();
    for (int i = 0; i < failures; i++) {
      start += 60_000;
      b.addAll(other.onObservation(new Observation("s" + (i + 1), start, null, null, List.of("s"), false, 30_000L, "a"),
          rules));
    }
    // wheel_spinning (10 attempts) and failure_streak both fire; each with the same id in both runs.
    assertThat(a).extracting(AlertChange::rule).containsExactly(WheelSpinningRule.RULE, FailureStreakRule.RULE);
    assertThat(a).extracting(AlertChange::alertId).isEqualTo(b.stream().map(AlertChange::alertId).toList());
  }

  private List<AlertChange> answer(String skill, boolean correct, long durationMs) {
    return feed.answer(skill, correct, durationMs);
  }

  private List<AlertChange> mastery(String skill, double p) {
    return feed.mastery(skill, p);
  }
}
