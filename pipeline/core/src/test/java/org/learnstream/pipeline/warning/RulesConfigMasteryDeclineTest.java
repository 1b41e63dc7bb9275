package org.learnstream.pipeline.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.warning.rules.MasteryDeclineRule;

class RulesConfigMasteryDeclineTest {

  @Test
  void aTenantCanSetTheMasteredPeakAndHowLongTheFallMustLast() {
    RulesConfig config = RulesConfig.fromTree(Map.of("tenants", Map.of("t1", Map.of("mastery_decline",
        Map.of("drop", 0.4, "window", 10, "mastered_p_known", 0.9, "sustain", 2)))), "rules.yaml");

    MasteryDeclineRule.Settings rule = config.rulesFor("t1").of(MasteryDeclineRule.RULE);
    assertThat(rule.drop()).isEqualTo(0.4);
    assertThat(rule.window()).isEqualTo(10);
    assertThat(rule.masteredPKnown()).isEqualTo(0.9);
    assertThat(rule.sustain()).isEqualTo(2);
    assertThat(config.rulesFor("other").of(MasteryDeclineRule.RULE))
        .isEqualTo(WarningRules.defaults().of(MasteryDeclineRule.RULE));
  }

  @Test
  void aSustainOfZeroIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> RulesConfig.fromTree(Map.of("default", Map.of("mastery_decline", Map.of("sustain", 0))),
        "rules.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mastery_decline.sustain").hasMessageContaining("[1, 100]");
  }

  @Test
  void aMasteredPeakNotAboveTheDropIsRefused() {
    assertThatThrownBy(() -> RulesConfig.fromTree(Map.of("default", Map.of("mastery_decline",
        Map.of("drop", 0.6, "mastered_p_known", 0.5))), "rules.yaml"))
        .hasMessageContaining("mastery_decline.mastered_p_known");
  }
}
