package org.learnstream.pipeline.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.warning.rules.MasteryDeclineRule;
import org.learnstream.pipeline.warning.rules.WheelSpinningRule;
import org.learnstream.pipeline.warning.spi.StateIo;

/**
 * Mastery read from P(L) counts only when P(L) holds at the threshold on consecutive updates: under default
 * parameters one update at it can follow a lucky pair of guesses on a skill the learner does not know.
 */
class SustainedMasteryTest {

  private final LearnerFeed feed = new LearnerFeed();

  @Test
  void aWheelSpinningAlertStaysOpenAfterOneUpdateAtTheMasteryPKnownAndResolvesAfterTheSecondInARow() {
    spinOn("k");
    double mastery = feed.rules.of(WheelSpinningRule.RULE).masteryPKnown();

    List<AlertChange> first = feed.mastery("k", mastery + 0.01);
    List<AlertChange> second = feed.mastery("k", mastery + 0.02);

    assertThat(first).isEmpty();
    assertThat(second).singleElement().satisfies(c -> {
      assertThat(c.rule()).isSameAs(WheelSpinningRule.RULE);
      assertThat(c.resolved()).isTrue();
    });
  }

  @Test
  void anUpdateBelowTheMasteryPKnownBetweenTwoAtItKeepsTheWheelSpinningAlertOpen() {
    spinOn("k");
    double mastery = feed.rules.of(WheelSpinningRule.RULE).masteryPKnown();

    List<AlertChange> out = new ArrayList<>();
    out.addAll(feed.mastery("k", mastery + 0.01));
    out.addAll(feed.mastery("k", 0.5));
    out.addAll(feed.mastery("k", mastery + 0.01));

    assertThat(out).isEmpty();
    assertThat(feed.learner.open).containsKey("wheel_spinning|k");
  }

  @Test
  void aPeakHeldOnOneUpdateOnlyRaisesNoMasteryDeclineWhileOneHeldOnTwoDoes() {
    List<AlertChange> lucky = fall("lucky", 0.5, 0.97, 0.5, 0.2, 0.2, 0.2);
    List<AlertChange> held = fall("held", 0.5, 0.97, 0.97, 0.2, 0.2, 0.2);

    assertThat(lucky).noneMatch(c -> c.rule() == MasteryDeclineRule.RULE);
    assertThat(held).filteredOn(c -> c.rule() == MasteryDeclineRule.RULE).singleElement()
        .satisfies(c -> assertThat(c.evidence()).contains("\"p_known_peak\":0.97"));
  }

  @Test
  void wheelSpinningStateOfVersionOneRestoresWithNoUpdateAtTheThresholdAndRoundTripsInVersionTwo() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(1);
    out.writeUTF("k");
    out.writeInt(12);
    out.writeInt(3);
    out.writeInt(1);
    out.writeBoolean(false);
    StateIo.writeStrings(out, List.of("s1", "s2"));
    WheelSpinningRule rule = WheelSpinningRule.RULE;

    Map<String, ?> restored = rule.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 1);
    ByteArrayOutputStream again = write(restored);
    Map<String, ?> reread = rule.readState(new DataInputStream(new ByteArrayInputStream(again.toByteArray())), 2);
    ByteArrayOutputStream third = write(reread);

    assertThat(rule.stateVersion()).isEqualTo(2);
    assertThat(reread).containsOnlyKeys("k");
    assertThat(third.toByteArray()).isEqualTo(again.toByteArray());
    // version 2 appends the updates at the threshold (none) after what version 1 wrote
    assertThat(again.toByteArray()).startsWith(bytes.toByteArray());
    assertThat(again.size()).isEqualTo(bytes.size() + Integer.BYTES);
  }

  @Test
  void updatesInARowOutsideTheirRangesAreRefusedNamingTheSetting() {
    assertThatThrownBy(() -> rules(Map.of("wheel_spinning", Map.of("mastery_p_known_updates", 4))))
        .hasMessageContaining("wheel_spinning.mastery_p_known_updates").hasMessageContaining("[1, mastery_streak]");
    assertThatThrownBy(() -> rules(Map.of("mastery_decline", Map.of("mastered_updates", 0))))
        .hasMessageContaining("mastery_decline.mastered_updates").hasMessageContaining("[1, window]");
    assertThat(rules(Map.of("wheel_spinning", Map.of("mastery_p_known_updates", 1))).of(WheelSpinningRule.RULE)
        .masteryPKnownUpdates()).isEqualTo(1);
  }

  /** Ten wrong answers on the skill: the wheel-spinning alert is open. */
  private void spinOn(String skill) {
    for (int i = 0; i < feed.rules.of(WheelSpinningRule.RULE).attempts(); i++) {
      feed.answer(skill, false, 30_000);
    }
    assertThat(feed.learner.open).containsKey("wheel_spinning|" + skill);
  }

  private List<AlertChange> fall(String skill, double... pKnown) {
    List<AlertChange> out = new ArrayList<>();
    for (double p : pKnown) {
      out.addAll(feed.mastery(skill, p));
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ByteArrayOutputStream write(Map<String, ?> state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    WheelSpinningRule.RULE.writeState((Map) state, new DataOutputStream(bytes));
    return bytes;
  }

  private static WarningRules rules(Map<String, Object> defaults) {
    return RulesConfig.fromTree(Map.of("default", defaults), "rules.yaml").rulesFor("t1");
  }
}
