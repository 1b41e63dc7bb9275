package org.learnstream.pipeline.warning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.warning.rules.RapidGuessingRule;
import org.learnstream.pipeline.warning.rules.WheelSpinningRule;
import org.learnstream.pipeline.warning.spi.Tier;

/**
 * One cause per learner: while a more specific rule has alerted the learner within {@code explained_within}, the less
 * specific rule's alerts stay caution; once that alert is older, the less specific rule escalates again.
 */
class ExplainedAlertsTest {

  private final LearnerFeed feed = new LearnerFeed();
  private final WarningRules rules = feed.rules;

  @Test
  void aWheelSpinningAlertOfARapidGuesserStaysCautionBesideTheRapidGuessingAlert() {
    List<AlertChange> out = new ArrayList<>();
    for (int i = 0; i < rules.of(WheelSpinningRule.RULE).actAttempts() + 5; i++) {
      out.addAll(feed.answer("k", i % 2 == 0, 1_500));
    }

    assertThat(out).filteredOn(c -> c.rule() == RapidGuessingRule.RULE).extracting(AlertChange::tier)
        .contains(Tier.ACT);
    assertThat(out).filteredOn(c -> c.rule() == WheelSpinningRule.RULE).extracting(AlertChange::tier)
        .containsExactly(Tier.CAUTION);
  }

  @Test
  void aWheelSpinningAlertEscalatesOnceTheRapidGuessingAlertIsOlderThanExplainedWithin() {
    for (int i = 0; i < rules.of(RapidGuessingRule.RULE).window(); i++) {
      feed.answer("other", i % 2 == 0, 1_500);
    }
    for (int i = 0; i < rules.of(RapidGuessingRule.RULE).window(); i++) {
      feed.answer("other", true, 30_000);
    }
    assertThat(feed.learner.open.keySet()).doesNotContain("rapid_guessing");
    feed.time += rules.explainedWithin().toMillis();

    List<AlertChange> out = new ArrayList<>();
    for (int i = 0; i < rules.of(WheelSpinningRule.RULE).actAttempts(); i++) {
      out.addAll(feed.answer("k", i % 2 == 0, 30_000));
    }

    assertThat(out).filteredOn(c -> c.rule() == WheelSpinningRule.RULE).extracting(AlertChange::tier)
        .containsExactly(Tier.CAUTION, Tier.ACT);
  }
}
