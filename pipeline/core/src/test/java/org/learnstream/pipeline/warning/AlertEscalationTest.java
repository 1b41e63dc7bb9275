package org.learnstream.pipeline.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.warning.rules.FailureStreakRule;
import org.learnstream.pipeline.warning.rules.InactivityRule;
import org.learnstream.pipeline.warning.rules.MasteryDeclineRule;
import org.learnstream.pipeline.warning.rules.RapidGuessingRule;
import org.learnstream.pipeline.warning.rules.WheelSpinningRule;
import org.learnstream.pipeline.warning.spi.MasteryPoint;
import org.learnstream.pipeline.warning.spi.Observation;
import org.learnstream.pipeline.warning.spi.Tier;

/** Every alert is raised as caution and escalated to act, once, when its rule sees the condition persist. */
class AlertEscalationTest {

  private final LearnerFeed feed = new LearnerFeed();
  private final WarningRules rules = feed.rules;
  private final LearnerWarnings learner = feed.learner;

  @Test
  void aWheelSpinningAlertIsCautionAtTheTenthAttemptAndActAtActAttemptsThenResolvedAsAct() {
    List<AlertChange> out = new ArrayList<>();
    for (int i = 0; i < rules.of(WheelSpinningRule.RULE).actAttempts() + 5; i++) {
      out.addAll(answer("k", i % 2 == 0, 30_000));
    }
    List<AlertChange> spinning = out.stream().filter(c -> c.rule() == WheelSpinningRule.RULE).toList();
    assertThat(spinning).extracting(AlertChange::tier, AlertChange::version)
        .containsExactly(tuple(Tier.CAUTION, AlertChange.RAISED),
            tuple(Tier.ACT, AlertChange.ESCALATED));
    AlertChange escalated = spinning.get(1);
    assertThat(escalated.alertId()).isEqualTo(spinning.get(0).alertId());
    assertThat(escalated.escalation()).isTrue();
    assertThat(escalated.evidence()).contains("\"attempts\":" + rules.of(WheelSpinningRule.RULE).actAttempts());
    assertThat(escalated.at()).isGreaterThan(escalated.raisedAt());

    List<AlertChange> resolved = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      resolved.addAll(answer("k", true, 30_000));
    }
    assertThat(resolved).singleElement().satisfies(c -> {
      assertThat(c.resolved()).isTrue();
      assertThat(c.tier()).isEqualTo(Tier.ACT);
      assertThat(c.version()).isEqualTo(AlertChange.RESOLVED);
    });
  }

  @Test
  void aFailureStreakThatEndsBeforeActFailuresStaysCaution() {
    List<AlertChange> out = new ArrayList<>();
    int actFailures = rules.of(FailureStreakRule.RULE).actFailures();
    for (int i = 0; i < actFailures - 1; i++) {
      out.addAll(answer("s" + (i % 5), false, 30_000));
    }
    out.addAll(answer("s0", true, 30_000));
    assertThat(out).filteredOn(c -> c.rule() == FailureStreakRule.RULE)
        .extracting(AlertChange::tier, AlertChange::resolved)
        .containsExactly(tuple(Tier.CAUTION, false),
            tuple(Tier.CAUTION, true));
  }

  @Test
  void aMasteryDeclineAfterAPauseInPracticeEscalatesOnlyAfterActUpdatesWithoutRecovery() {
    mastery("s", 0.97);
    mastery("s", 0.97);
    feed.time += rules.of(MasteryDeclineRule.RULE).pauseHours() * 3_600_000L;
    for (double p : new double[] {0.4, 0.35, 0.3}) {
      mastery("s", p);
    }
    int actUpdates = rules.of(MasteryDeclineRule.RULE).actUpdates();
    List<AlertChange> out = new ArrayList<>();
    for (int i = 0; i < actUpdates - 1; i++) {
      out.addAll(mastery("s", 0.3));
    }
    assertThat(out).isEmpty();
    assertThat(mastery("s", 0.3)).singleElement().satisfies(c -> {
      assertThat(c.tier()).isEqualTo(Tier.ACT);
      assertThat(c.evidence()).contains("\"updates_since_alert\":" + actUpdates);
    });
  }

  @Test
  void aMasteryDeclineWithinContinuousPracticeStaysCaution() {
    mastery("s", 0.97);
    mastery("s", 0.97);
    List<AlertChange> out = new ArrayList<>();
    for (int i = 0; i < 3 + rules.of(MasteryDeclineRule.RULE).actUpdates() * 2; i++) {
      out.addAll(mastery("s", 0.3));
    }
    assertThat(out).extracting(AlertChange::tier).containsExactly(Tier.CAUTION);
  }

  @Test
  void rapidGuessingEscalatesWhenTheShareStaysAboveItForActAnswers() {
    List<AlertChange> out = new ArrayList<>();
    int window = rules.of(RapidGuessingRule.RULE).window();
    int actAnswers = rules.of(RapidGuessingRule.RULE).actAnswers();
    for (int i = 0; i < window + actAnswers; i++) {
      out.addAll(answer("s" + (i % 7), i % 2 == 0, 1_500));
    }
    assertThat(out).filteredOn(c -> c.rule() == RapidGuessingRule.RULE).extracting(AlertChange::tier)
        .containsExactly(Tier.CAUTION, Tier.ACT);
  }

  @Test
  void inactivityIsCautionAfterDaysAndActAfterActDaysWithoutActivity() {
    answer("s", true, 30_000);
    long caution = learner.nextDeadline(rules);
    assertThat(learner.onTime(caution, rules)).singleElement()
        .satisfies(c -> assertThat(c.tier()).isEqualTo(Tier.CAUTION));
    long act = learner.nextDeadline(rules);
    assertThat(act).isGreaterThan(caution);
    assertThat(learner.onTime(act - 1, rules)).isEmpty();
    assertThat(learner.onTime(act, rules)).singleElement().satisfies(c -> {
      assertThat(c.rule()).isSameAs(InactivityRule.RULE);
      assertThat(c.tier()).isEqualTo(Tier.ACT);
      assertThat(c.evidence()).contains("\"inactive_days\":" + rules.of(InactivityRule.RULE).actDays());
    });
    assertThat(learner.nextDeadline(rules)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void anEscalatedAlertKeepsItsTierThroughTheCheckpointFormat() {
    for (int i = 0; i < rules.of(WheelSpinningRule.RULE).actAttempts(); i++) {
      answer("k", i % 2 == 0, 30_000);
    }
    LearnerWarnings restored = LearnerWarningsCodec.copy(learner);

    assertThat(restored.open.get("wheel_spinning|k").tier).isEqualTo(Tier.ACT);
    assertThat(restored.open.get("wheel_spinning|k").escalatedAt)
        .isEqualTo(learner.open.get("wheel_spinning|k").escalatedAt).isNotNull();
    assertThat(restored.open.get("failure_streak")).isNull();
  }

  private List<AlertChange> answer(String skill, boolean correct, long durationMs) {
    return feed.answer(skill, correct, durationMs);
  }

  private List<AlertChange> mastery(String skill, double p) {
    return feed.mastery(skill, p);
  }
}
