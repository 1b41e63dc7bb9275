package org.learnstream.jobs.settings;

import org.learnstream.jobs.ingest.KafkaPublisherSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.config.ConfigException;
import org.learnstream.jobs.config.SettingsLoader;
import org.learnstream.jobs.settings.IngestOptions;
import org.learnstream.jobs.settings.PipelineOptions;

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
  void refusesAnIngestMaxBatchOfZeroInTheSettingsFileNamingTheSettingAndItsRange(@TempDir Path dir)
      throws IOException {
    Path file = Files.writeString(dir.resolve("settings.yaml"), "ingest:\n  max-batch: 0\n");

    assertThatThrownBy(() -> LearnstreamConfig.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.max-batch")
        .hasMessageContaining("is 0 but must be between 1 and 100000");
  }

  @Test
  void aFlagOverridesTheEnvironmentAndIsCheckedByTheSameRule() {
    Configuration flags = new Configuration();
    flags.set(IngestOptions.TRANSACTIONAL_PRODUCERS, 3);
    Map<String, String> environment = Map.of("LEARNSTREAM_INGEST_KAFKA_TRANSACTIONAL_PRODUCERS", "6");

    assertThat(LearnstreamConfig.load(null, environment, flags).get(IngestOptions.TRANSACTIONAL_PRODUCERS))
        .isEqualTo(3);
    flags.set(IngestOptions.TRANSACTIONAL_PRODUCERS, 0);
    assertThatThrownBy(() -> LearnstreamConfig.load(null, environment, flags))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.kafka.transactional-producers")
        .hasMessageContaining("between 1 and 64");
  }

  @Test
  void theFormerInstanceVariableStillSetsTheIngestInstanceId() {
    Configuration config = LearnstreamConfig.load(null, Map.of("LEARNSTREAM_INGEST_INSTANCE", "7"));

    assertThat(config.get(IngestOptions.INSTANCE_ID)).isEqualTo("7");
    assertThat(KafkaPublisherSettings.from(config, "127.0.0.1:9092", "xapi.statements").transactionalIdPrefix())
        .isEqualTo("learnstream-ingest-7");
  }

  @Test
  void theDefaultsOfEverySettingPassTheirOwnChecks() {
    assertThat(LearnstreamConfig.LOADER.checks()).hasSizeGreaterThan(20);
    assertThatCode(() -> LearnstreamConfig.load(null, Map.of())).doesNotThrowAnyException();
  }

  @Test
  void theSettingsListShowsEachDescriptionAsText() {
    assertThat(LearnstreamConfig.LOADER.describe())
        .contains("Directory for the embedded services' data")
        .doesNotContain("Description@");
  }

  @Test
  void theSettingsListGroupsTheSettingsByComponentWithTheirRanges() {
    String listing = LearnstreamConfig.LOADER.describe();

    assertThat(listing).contains("ingest server (serve)", "notifier (notify)", "benchmarks (bench)");
    assertThat(listing.indexOf("ingest server (serve)")).isLessThan(listing.indexOf("ingest.max-batch"));
    assertThat(listing.indexOf("notifier (notify)")).isGreaterThan(listing.indexOf("ingest.max-batch"));
    assertThat(listing).contains("must be between 1 and 100000")
        .contains("LEARNSTREAM_INGEST_INSTANCE_ID or LEARNSTREAM_INGEST_INSTANCE");
  }

  @Test
  void everyRegisteredSettingHasADescription() {
    LearnstreamConfig.LOADER.options().values()
        .forEach(option -> assertThat(SettingsLoader.text(option)).as(option.key()).isNotBlank());
  }

  @Test
  void aMisspeltEnvironmentVariableStopsTheStartNamingTheVariableItMostLikelyMeant() {
    assertThatThrownBy(() -> LearnstreamConfig.load(null, Map.of("LEARNSTREAM_MASTERY_TRESHOLD", "0.9")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown environment variable LEARNSTREAM_MASTERY_TRESHOLD")
        .hasMessageContaining("did you mean LEARNSTREAM_MASTERY_THRESHOLD?");
  }

  @Test
  void anEnvironmentVariableFarFromEveryKnownNameIsRefusedWithoutAGuess() {
    assertThatThrownBy(() -> LearnstreamConfig.load(null, Map.of("LEARNSTREAM_COLOUR_SCHEME", "dark")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown environment variable LEARNSTREAM_COLOUR_SCHEME")
        .hasMessageNotContaining("did you mean");
  }

  @Test
  void secretsClientVariablesAndVariablesOfOtherProgramsAreNotTakenForTypos() {
    Map<String, String> environment = Map.of("LEARNSTREAM_PSEUDONYM_KEY", "k", "LEARNSTREAM_CLICKHOUSE_PASSWORD", "p",
        "LEARNSTREAM_DOCUMENTS_PASSWORD", "d", "LEARNSTREAM_PASSWORD", "s", "LEARNSTREAM_KAFKA_BOOTSTRAP",
        "127.0.0.1:9092", "LEARNSTREAMING", "not ours");

    assertThatCode(() -> LearnstreamConfig.load(null, environment)).doesNotThrowAnyException();
  }

  @Test
  void theSettingsListShowsEachSettingsTypeAndEverySecretByNameOnly() {
    String listing = LearnstreamConfig.LOADER.describe();

    assertThat(listing).contains("mastery.threshold = 0.95  (number)", "ingest.max-batch = 1000  (integer)",
        "pipeline.checkpoint-interval = 10 s  (duration");
    assertThat(listing).contains("env LEARNSTREAM_PSEUDONYM_KEY  (secret", "public development key",
        "env LEARNSTREAM_CLICKHOUSE_PASSWORD  (secret", "env LEARNSTREAM_DOCUMENTS_PASSWORD  (secret",
        "env LEARNSTREAM_PASSWORD  (secret");
  }
}
