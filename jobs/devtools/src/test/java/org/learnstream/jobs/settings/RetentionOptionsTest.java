package org.learnstream.jobs.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.config.ConfigException;
import org.learnstream.pipeline.clickhouse.RetentionWindows;

class RetentionOptionsTest {

  @Test
  void withoutSettingsRawStatementsAreKeptThirtyDaysAndEventsThreeYears() {
    Configuration settings = LearnstreamConfig.load(null, Map.of());

    assertThat(RetentionOptions.statements(settings)).isEqualTo(RetentionWindows.of(Duration.ofDays(30)));
    assertThat(RetentionOptions.events(settings)).isEqualTo(RetentionWindows.of(Duration.ofDays(1095)));
  }

  @Test
  void tenantWindowsAreReadFromTenantDurationPairs() {
    Configuration settings = LearnstreamConfig.load(null, Map.of("LEARNSTREAM_RETENTION_TENANT_EVENTS",
        "school-north=365 d, school-south=1825 d"));

    RetentionWindows events = RetentionOptions.events(settings);
    assertThat(events.of("school-north")).hasDays(365);
    assertThat(events.of("school-south")).hasDays(1825);
    assertThat(events.of("school-east")).hasDays(1095);
  }

  @Test
  void aTenantNamedTwiceOrAWindowOutOfRangeIsRefusedWithTheSettingAndTheRule() {
    assertThatThrownBy(() -> LearnstreamConfig.load(null, Map.of("LEARNSTREAM_RETENTION_TENANT_STATEMENTS",
        "school-north=14 d, school-north=20 d"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("retention.tenant-statements").hasMessageContaining("tenant=duration pairs");
    assertThatThrownBy(() -> LearnstreamConfig.load(null, Map.of("LEARNSTREAM_RETENTION_EVENTS", "1 h")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("retention.events")
        .hasMessageContaining("between 1 d");
  }

  @Test
  void serveRunsRetentionDailyByDefaultNeverAtZeroAndRefusesLessThanASecond() {
    assertThat(LearnstreamConfig.load(null, Map.of()).get(RetentionOptions.SERVE_EVERY)).isEqualTo(Duration.ofDays(1));
    assertThat(LearnstreamConfig.load(null, Map.of("LEARNSTREAM_RETENTION_SERVE_EVERY", "0 s"))
        .get(RetentionOptions.SERVE_EVERY)).isZero();
    assertThatThrownBy(() -> LearnstreamConfig.load(null, Map.of("LEARNSTREAM_RETENTION_SERVE_EVERY", "500 ms")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("retention.serve-every")
        .hasMessageContaining("0 s (never)");
  }
}
