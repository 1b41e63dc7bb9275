package org.learnstream.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.pipeline.PipelineOptions;

class LearnstreamConfigTest {

  @Test
  void takesTheVoidWindowFromTheEnvironment() {
    Configuration config = LearnstreamConfig.load(null, Map.of("LEARNSTREAM_MASTERY_VOID_WINDOW", "24"));

    assertThat(config.get(PipelineOptions.VOID_WINDOW)).isEqualTo(24);
  }

  @Test
  void refusesAVoidWindowOfZeroNamingTheSettingAndItsRange() {
    assertThatThrownBy(() -> LearnstreamConfig.load(null, Map.of("LEARNSTREAM_MASTERY_VOID_WINDOW", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mastery.void-window")
        .hasMessageContaining("between 1 and 255");
  }

  @Test
  void refusesAMetricsPortOutsideTheTcpRangeNamingTheSetting() {
    assertThatThrownBy(() -> LearnstreamConfig.load(null, Map.of("LEARNSTREAM_METRICS_PORT", "70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("metrics.port")
        .hasMessageContaining("-1 (none), 0 (any) or a port");
  }

  @Test
  void theSettingsListShowsEachDescriptionAsText() {
    assertThat(LearnstreamConfig.describe())
        .contains("Directory for the embedded services' data")
        .doesNotContain("Description@");
  }
}
