package org.learnstream.pipeline.warning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.warning.rules.WheelSpinningRule;
import org.learnstream.pipeline.warning.spi.Severity;
import org.learnstream.pipeline.warning.spi.Tier;

/**
 * A class-wide pattern is the share of the class still in the condition: learners whose alert resolved (they got
 * past the skill) stop counting, so a learner still stuck once most of the class moved on is escalated.
 */
class ClassPatternOpenAlertsTest {

  private static final long DAY = 86_400_000L;
  private final List<ClassPattern> patterns = new ArrayList<>();

  @Test
  void aLearnerStillStuckAfterMostOfTheClassResolvedIsEscalated() {
    ClassWarnings klass = halfTheClassSpinningOnK(ClassPatternSettings.defaults());
    ClassPatternSettings settings = ClassPatternSettings.defaults();
    for (int i = 1; i < 5; i++) {
      klass.onAlert(change("p" + i, 3 * DAY + i, AlertChange.RESOLVED), settings, patterns);
    }

    assertThat(klass.onAlert(change("p0", 4 * DAY, AlertChange.ESCALATED), settings, patterns)).isTrue();
  }

  @Test
  void whileHalfTheClassIsStillStuckTheEscalationIsWithheld() {
    ClassPatternSettings settings = ClassPatternSettings.defaults();
    ClassWarnings klass = halfTheClassSpinningOnK(settings);

    assertThat(klass.onAlert(change("p0", 4 * DAY, AlertChange.ESCALATED), settings, patterns)).isFalse();
  }

  @Test
  void withOpenOnlyFalseResolvedAlertsStillCountWithinTheWindow() {
    ClassPatternSettings settings = ClassPatternSettings.of(Map.of("open_only", false));
    ClassWarnings klass = halfTheClassSpinningOnK(settings);
    for (int i = 1; i < 5; i++) {
      klass.onAlert(change("p" + i, 3 * DAY + i, AlertChange.RESOLVED), settings, patterns);
    }

    assertThat(settings.openOnly()).isFalse();
    assertThat(klass.onAlert(change("p0", 4 * DAY, AlertChange.ESCALATED), settings, patterns)).isFalse();
  }

  /** Ten learners, five of them (p0-p4) alerted by wheel spinning on skill k: a class-wide pattern. */
  private ClassWarnings halfTheClassSpinningOnK(ClassPatternSettings settings) {
    ClassWarnings klass = new ClassWarnings("t1", "course", "sec");
    for (int i = 0; i < 10; i++) {
      klass.onActivity("p" + i, 0);
    }
    for (int i = 0; i < 5; i++) {
      klass.onAlert(change("p" + i, DAY + i, AlertChange.RAISED), settings, patterns);
    }
    assertThat(patterns).isNotEmpty();
    return klass;
  }

  private static AlertChange change(String learner, long at, long version) {
    boolean act = version == AlertChange.ESCALATED;
    boolean resolved = version == AlertChange.RESOLVED;
    long raisedAt = DAY;
    return new AlertChange("id-" + learner, "t1", learner, "course", "sec", "k", WheelSpinningRule.RULE,
        Severity.WARNING, act ? Tier.ACT : Tier.CAUTION, resolved, raisedAt, "{}", List.of(), raisedAt,
        resolved ? at : null, act ? at : null, version);
  }
}
