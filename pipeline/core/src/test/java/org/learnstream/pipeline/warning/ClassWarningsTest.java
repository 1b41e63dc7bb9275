package org.learnstream.pipeline.warning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.warning.rules.InactivityRule;
import org.learnstream.pipeline.warning.rules.WheelSpinningRule;
import org.learnstream.pipeline.warning.spi.Severity;
import org.learnstream.pipeline.warning.spi.Tier;
import org.learnstream.pipeline.warning.spi.WarningRule;

/** Alerts that concern most of a class at once are a class-wide pattern: their act escalations are withheld. */
class ClassWarningsTest {

  private static final long DAY = 86_400_000L;
  private final ClassPatternSettings settings = ClassPatternSettings.defaults();
  private final ClassWarnings klass = new ClassWarnings("t1", "course", "sec");
  private final List<ClassPattern> patterns = new ArrayList<>();

  @Test
  void whenMostOfTheClassIsInactiveTheActEscalationsAreWithheldAndThePatternIsReported() {
    classOf(10, 0);
    for (int i = 0; i < 6; i++) {
      assertThat(klass.onAlert(change(InactivityRule.RULE, null, "p" + i, 4 * DAY + i, false), settings, patterns))
          .isTrue();
    }

    // Written when half the class is alerted, and again as it reaches a sixth learner, with the same start.
    assertThat(patterns).extracting(ClassPattern::alertedLearners).containsExactly(5, 6);
    assertThat(patterns).extracting(ClassPattern::start).containsOnly(4 * DAY + 4);
    assertThat(patterns.get(0)).satisfies(p -> {
      assertThat(p.rule()).isEqualTo("inactivity");
      assertThat(p.classLearners()).isEqualTo(10);
      assertThat(p.section()).isEqualTo("sec");
    });
    assertThat(klass.onAlert(change(InactivityRule.RULE, null, "p0", 6 * DAY, true), settings, patterns)).isFalse();
  }

  @Test
  void alertsThatOvertakeTheLearnersAnswersStillCountThoseLearnersAsTheClass() {
    // no activity seen yet: the alerts arrived first on the operator's other input
    int size = settings.minClassSize();
    for (int i = 0; i < size; i++) {
      klass.onAlert(change(InactivityRule.RULE, null, "p" + i, 4 * DAY + i, false), settings, patterns);
    }

    assertThat(patterns).isNotEmpty();
    assertThat(patterns.get(patterns.size() - 1)).satisfies(p -> {
      assertThat(p.alertedLearners()).isEqualTo(size);
      assertThat(p.classLearners()).isEqualTo(size);
    });
  }

  @Test
  void aFewLearnersOfAClassAlertedByTheSameRuleKeepTheirActEscalations() {
    classOf(10, 0);
    for (int i = 0; i < 4; i++) {
      klass.onAlert(change(WheelSpinningRule.RULE, "k", "p" + i, DAY + i, false), settings, patterns);
    }

    assertThat(klass.onAlert(change(WheelSpinningRule.RULE, "k", "p0", 2 * DAY, true), settings, patterns)).isTrue();
    assertThat(patterns).isEmpty();
  }

  @Test
  void aClassSmallerThanMinClassSizeHasNoClassWidePattern() {
    classOf(settings.minClassSize() - 1, 0);
    for (int i = 0; i < settings.minClassSize() - 1; i++) {
      klass.onAlert(change(InactivityRule.RULE, null, "p" + i, 4 * DAY, false), settings, patterns);
    }

    assertThat(klass.onAlert(change(InactivityRule.RULE, null, "p0", 6 * DAY, true), settings, patterns)).isTrue();
    assertThat(patterns).isEmpty();
  }

  @Test
  void learnersAndAlertsOlderThanTheWindowAreDroppedSoTheStateDrains() {
    classOf(10, 0);
    klass.onAlert(change(InactivityRule.RULE, null, "p0", DAY, false), settings, patterns);
    long expiry = klass.nextExpiry(settings);
    assertThat(expiry).isEqualTo(settings.windowDays() * DAY + 1);

    klass.expire(DAY + settings.windowDays() * DAY + 1, settings);

    assertThat(klass.isEmpty()).isTrue();
    assertThat(klass.nextExpiry(settings)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aForgottenLearnerLeavesTheClassCountsAndAPatternTheirAlertKeptUpEnds() {
    classOf(10, 0);
    for (int i = 0; i < 5; i++) {
      klass.onAlert(change(InactivityRule.RULE, null, "p" + i, 4 * DAY + i, false), settings, patterns);
    }
    assertThat(patterns).extracting(ClassPattern::alertedLearners).containsExactly(5);

    assertThat(klass.forget("p4")).isTrue();
    assertThat(klass.forget("p4")).as("nothing left of them").isFalse();

    // 4 of 9: no pattern any more, so p0's act escalation goes on; a fifth alert makes 5 of 9 again
    assertThat(klass.onAlert(change(InactivityRule.RULE, null, "p0", 6 * DAY, true), settings, patterns)).isTrue();
    klass.onAlert(change(InactivityRule.RULE, null, "p5", 6 * DAY, false), settings, patterns);
    assertThat(patterns.get(patterns.size() - 1)).satisfies(p -> {
      assertThat(p.alertedLearners()).isEqualTo(5);
      assertThat(p.classLearners()).isEqualTo(9);
      assertThat(p.start()).as("a new pattern").isEqualTo(6 * DAY);
    });
  }

  @Test
  void aClassOfOnlyTheForgottenLearnerIsEmpty() {
    klass.onAlert(change(InactivityRule.RULE, null, "p0", DAY, false), settings, patterns);

    klass.forget("p0");

    assertThat(klass.isEmpty()).isTrue();
    assertThat(klass.nextExpiry(settings)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void classPatternSettingsAreReadFromTheRulesFileAndRefuseAShareOutsideZeroToOne() {
    RulesConfig config = RulesConfig.fromTree(
        Map.of("default", Map.of("class_patterns", Map.of("share", 0.6, "min_class_size", 12))), "rules.yaml");

    assertThat(config.defaults().classPatterns().share()).isEqualTo(0.6);
    assertThat(config.defaults().classPatterns().minClassSize()).isEqualTo(12);
    org.assertj.core.api.Assertions
        .assertThatThrownBy(() -> RulesConfig.fromTree(
            Map.of("default", Map.of("class_patterns", Map.of("share", 1.5))), "rules.yaml"))
        .hasMessageContaining("class_patterns.share");
  }

  private void classOf(int learners, long time) {
    for (int i = 0; i < learners; i++) {
      klass.onActivity("p" + i, time);
    }
  }

  private static AlertChange change(WarningRule<?, ?> rule, String skill, String learner, long at, boolean act) {
    long raisedAt = act ? at - DAY : at;
    return new AlertChange("id-" + learner, "t1", learner, "course", "sec", skill, rule, Severity.WARNING,
        act ? Tier.ACT : Tier.CAUTION, false, raisedAt, "{}", List.of(), raisedAt, null, act ? at : null,
        act ? AlertChange.ESCALATED : AlertChange.RAISED);
  }
}
