package org.learnstream.jobs.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.pipeline.warning.RulesConfig;
import org.learnstream.pipeline.warning.rules.FailureStreakRule;
import org.learnstream.pipeline.warning.rules.InactivityRule;
import org.learnstream.pipeline.warning.rules.RapidGuessingRule;
import org.learnstream.pipeline.warning.spi.Severity;

class RulesFileTest {

  @Test
  void aTenantOverridesOnlyWhatItNamesOnTopOfTheDefault(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, """
        default:
          cooldown: 12h
          inactivity: {days: 3}
        tenants:
          district7:
            inactivity: {severity: critical}
            rapid_guessing: {activity_thresholds_ms: {"https://example.org/items/1": 2500}}
        """);
    RulesConfig config = RulesFile.load(file);

    assertThat(config.rulesFor("other").of(InactivityRule.RULE).days()).isEqualTo(3);
    assertThat(config.rulesFor("other").cooldown()).isEqualTo(Duration.ofHours(12));
    assertThat(config.rulesFor("district7").of(InactivityRule.RULE).days()).isEqualTo(3);
    assertThat(config.rulesFor("district7").of(InactivityRule.RULE).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(config.rulesFor("district7").of(RapidGuessingRule.RULE).thresholdFor("https://example.org/items/1"))
        .isEqualTo(2500);
    assertThat(config.rulesFor("district7").of(RapidGuessingRule.RULE).thresholdFor("https://example.org/items/2"))
        .isEqualTo(4000);
  }

  @Test
  void aChangedFileIsReloadedAndABrokenEditKeepsTheLastGoodRules(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, "default:\n  failure_streak: {failures: 5}\n");
    RulesFile rules = new RulesFile(file.toString(), 0);
    assertThat(rules.config(1).rulesFor("t").of(FailureStreakRule.RULE).failures()).isEqualTo(5);

    Files.writeString(file, "default:\n  failure_streak: {failures: 8}\n");
    Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
    assertThat(rules.config(2).rulesFor("t").of(FailureStreakRule.RULE).failures()).isEqualTo(8);

    Files.writeString(file, "default:\n  failure_streak: {failures: many}\n");
    Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 10000));
    assertThat(rules.config(3).rulesFor("t").of(FailureStreakRule.RULE).failures()).isEqualTo(8);
  }

  @Test
  void anUnknownSeverityIsRejectedWithTheValuesToUse(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, "default:\n  inactivity: {severity: urgent}\n");
    assertThatThrownBy(() -> RulesFile.load(file)).hasMessageContaining("urgent")
        .hasMessageContaining("info, warning or critical");
  }
}
