package org.learnstream.pipeline.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.warning.rules.WheelSpinningRule;
import org.learnstream.pipeline.warning.spi.RuleOption;
import org.learnstream.pipeline.warning.spi.WarningRule;

class WarningRuleRegistryTest {

  @Test
  void everyRegisteredRuleHasItsOwnIdAndBuildsItsSettingsFromTheDefaultsItDocuments() {
    assertThat(WarningRuleRegistry.all()).extracting(WarningRule::id).doesNotHaveDuplicates()
        .containsExactly("inactivity", "wheel_spinning", "mastery_decline", "failure_streak", "rapid_guessing");
    for (WarningRule<?, ?> rule : WarningRuleRegistry.all()) {
      assertThat(rule.options()).extracting(RuleOption::key).as(rule.id()).doesNotHaveDuplicates()
          .contains("enabled", "severity");
      assertThat(rule.options())
          .allSatisfy(o -> assertThat(o.description()).as(rule.id() + "." + o.key()).isNotBlank());
      assertThat(rule.settings(Map.of())).as(rule.id()).isEqualTo(WarningRules.defaults().settings().get(rule.id()));
      assertThat(rule.summary()).as(rule.id()).isNotBlank();
    }
  }

  @Test
  void aRuleIsFoundByItsIdOrItsHyphenatedFormAndAnUnknownOneIsRefusedListingTheKnownOnes() {
    assertThat(WarningRuleRegistry.of("Wheel-Spinning")).isSameAs(WheelSpinningRule.RULE);
    assertThatThrownBy(() -> WarningRuleRegistry.of("sleepy"))
        .hasMessageContaining("unknown rule 'sleepy'")
        .hasMessageContaining("inactivity, wheel_spinning, mastery_decline, failure_streak, rapid_guessing");
  }

  @Test
  void aSettingOfTheWrongTypeIsRefusedNamingTheRuleTheSettingAndWhatItMustBe() {
    assertThatThrownBy(() -> RulesConfig.fromTree(Map.of("default", Map.of("wheel_spinning",
        Map.of("attempts", "many"))), "rules.yaml"))
        .hasMessageContaining("rules.yaml: default")
        .hasMessageContaining("wheel_spinning.attempts must be a number (was many)");
  }
}
