package org.learnstream.jobs.settings;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.config.OptionCheck;

/**
 * Typed settings of the ingest server ({@code learnstream serve}, and {@code bench ingest}, which measures the same
 * server), each with its default and its range; the command-line flags of {@code serve} override them.
 */
public final class IngestOptions {

  public static final ConfigOption<String> HOST = ConfigOptions.key("ingest.host")
      .stringType().defaultValue("127.0.0.1")
      .withDescription("Interface the xAPI endpoint listens on (0.0.0.0 for every one).");

  public static final OptionCheck<String> HOST_FORM = OptionCheck.notBlank(HOST);

  public static final ConfigOption<Integer> PORT = ConfigOptions.key("ingest.port")
      .intType().defaultValue(8080)
      .withDescription("TCP port of the xAPI endpoint and its /metrics; 0 picks a free port (printed at start).");

  public static final OptionCheck<Integer> PORT_RANGE = OptionCheck.port(PORT);

  public static final ConfigOption<String> INSTANCE_ID = ConfigOptions.key("ingest.instance-id")
      .stringType().defaultValue("0")
      .withDeprecatedKeys("ingest.instance")
      .withDescription("Unique per running server; keeps its Kafka transactional ids (learnstream-ingest-<id>-...) "
          + "stable across restarts, so a restarted server fences its own unfinished transactions.");

  public static final OptionCheck<String> INSTANCE_ID_FORM = OptionCheck.notBlank(INSTANCE_ID);

  public static final ConfigOption<String> CREDENTIALS = ConfigOptions.key("ingest.credentials")
      .stringType().noDefaultValue()
      .withDescription("YAML/JSON file: tenants -> list of {key, secretSha256 | secretEnv}. Unset: the development "
          + "tenant 'demo' with Basic demo:demo.");

  public static final ConfigOption<String> ADMIN_USER = ConfigOptions.key("ingest.admin.user")
      .stringType().defaultValue("admin")
      .withDescription("Basic user name of the administrator on the endpoint's admin routes (/admin/...); distinct "
          + "from every LMS key.");

  public static final OptionCheck<String> ADMIN_USER_FORM = new OptionCheck<>(ADMIN_USER,
      v -> !v.isBlank() && !v.contains(":"), "a non-blank name without ':'");

  public static final ConfigOption<String> ADMIN_SECRET_SHA256 = ConfigOptions.key("ingest.admin.secret-sha256")
      .stringType().noDefaultValue()
      .withDescription("SHA-256 (hex) of the administrator's secret; 'learnstream tenants admin-credential' makes a "
          + "secret, shows it once and prints this value. Unset: the admin routes refuse everyone (401).");

  public static final OptionCheck<String> ADMIN_SECRET_SHA256_FORM = new OptionCheck<>(ADMIN_SECRET_SHA256,
      v -> v.matches("[0-9a-fA-F]{64}"), "64 hex digits (the SHA-256 of the secret, never the secret)");

  public static final ConfigOption<Integer> MAX_BODY_BYTES = ConfigOptions.key("ingest.max-body-bytes")
      .intType().defaultValue(8 * 1024 * 1024)
      .withDescription("Largest request body; larger ones get 413.");

  public static final OptionCheck<Integer> MAX_BODY_BYTES_RANGE = OptionCheck.between(MAX_BODY_BYTES, 1024,
      256 * 1024 * 1024); // bodies are held in memory while validated

  public static final ConfigOption<Integer> MAX_BATCH = ConfigOptions.key("ingest.max-batch")
      .intType().defaultValue(1000)
      .withDescription("Most statements in one POST; larger batches get 413.");

  public static final OptionCheck<Integer> MAX_BATCH_RANGE = OptionCheck.between(MAX_BATCH, 1, 100_000);

  public static final ConfigOption<Integer> MAX_ATTACHMENT_BYTES = ConfigOptions.key("ingest.attachments.max-bytes")
      .intType().defaultValue(4 * 1024 * 1024)
      .withDescription("Largest content of one attachment part in a multipart/mixed statement write; larger ones get "
          + "413. The whole body stays within ingest.max-body-bytes.");

  public static final OptionCheck<Integer> MAX_ATTACHMENT_BYTES_RANGE = OptionCheck.between(MAX_ATTACHMENT_BYTES, 1,
      256 * 1024 * 1024); // held in memory, as the body is

  public static final ConfigOption<Integer> MAX_ATTACHMENT_PARTS = ConfigOptions.key("ingest.attachments.max-parts")
      .intType().defaultValue(64)
      .withDescription("Most attachment parts in one multipart/mixed statement write; more get 413.");

  public static final OptionCheck<Integer> MAX_ATTACHMENT_PARTS_RANGE = OptionCheck.between(MAX_ATTACHMENT_PARTS, 1,
      10_000);

  public static final ConfigOption<Integer> RECENT_IDS = ConfigOptions.key("ingest.recent-ids")
      .intType().defaultValue(200_000)
      .withDescription("Recently accepted statement ids (with their fingerprints) each server keeps in memory, so "
          + "that a re-sent statement is answered without writing it again and a different statement under a used "
          + "id is refused; older ids are looked up in the statement store.");

  public static final OptionCheck<Integer> RECENT_IDS_RANGE = OptionCheck.between(RECENT_IDS, 1, 10_000_000);

  public static final ConfigOption<Integer> TRANSACTIONAL_PRODUCERS = ConfigOptions
      .key("ingest.kafka.transactional-producers")
      .intType().defaultValue(2)
      .withDescription("Kafka transactions the server keeps open at once; batches that arrive while all are busy "
          + "share the next one (group commit), so few producers serve many concurrent requests. Each is written by "
          + "two transactional producers in turn, so a transaction does not wait for the markers of the one before.");

  public static final OptionCheck<Integer> TRANSACTIONAL_PRODUCERS_RANGE = OptionCheck.between(TRANSACTIONAL_PRODUCERS,
      1, 64);

  public static final ConfigOption<Duration> MAX_BLOCK = ConfigOptions.key("ingest.kafka.max-block")
      .durationType().defaultValue(Duration.ofSeconds(5))
      .withDescription("How long a write may wait for the broker before the request gets 503.");

  public static final OptionCheck<Duration> MAX_BLOCK_RANGE = OptionCheck.between(MAX_BLOCK, Duration.ofMillis(100),
      Duration.ofMinutes(5));

  public static final ConfigOption<Duration> DELIVERY_TIMEOUT = ConfigOptions.key("ingest.kafka.delivery-timeout")
      .durationType().defaultValue(Duration.ofSeconds(15))
      .withDescription("Upper bound of one statement's delivery to Kafka, retries included.");

  public static final OptionCheck<Duration> DELIVERY_TIMEOUT_RANGE = OptionCheck.between(DELIVERY_TIMEOUT,
      Duration.ofSeconds(1), Duration.ofMinutes(5));

  private IngestOptions() {
  }
}
