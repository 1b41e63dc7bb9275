package org.learnstream.jobs.ingest;

import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.settings.IngestOptions;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;

/**
 * Everything the ingest server needs to start.
 *
 * @param host interface to bind, e.g. {@code 127.0.0.1}
 * @param port TCP port; 0 picks a free one
 * @param recentIds how many recently accepted statement ids (per server) are kept for repeat/conflict checks
 * @param attachmentLimits how much attachment content one statement write may bring
 */
public record IngestServerSettings(String host, int port, IngestLimits limits, TenantCredentials credentials,
    KafkaPublisherSettings kafka, int recentIds, AttachmentLimits attachmentLimits) {

  public IngestServerSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(attachmentLimits, "attachmentLimits");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(IngestOptions.PORT.key() + " must be between 0 and 65535, was " + port);
    }
  }

  /** Loopback, the given port, the settings' defaults, the development credentials {@code demo:demo}. */
  public static IngestServerSettings local(int port, String kafkaBootstrap) {
    return IngestServerSettings.from(new Configuration(), TenantCredentials.developmentDefault(),
        KafkaPublisherSettings.defaults(kafkaBootstrap)).withPort(port);
  }

  public IngestServerSettings withPort(int port) {
    return new IngestServerSettings(host, port, limits, credentials, kafka, recentIds, attachmentLimits);
  }

  public IngestServerSettings withKafka(KafkaPublisherSettings kafka) {
    return new IngestServerSettings(host, port, limits, credentials, kafka, recentIds, attachmentLimits);
  }

  public IngestServerSettings withLimits(IngestLimits limits) {
    return new IngestServerSettings(host, port, limits, credentials, kafka, recentIds, attachmentLimits);
  }

  public static IngestServerSettings from(ReadableConfig config, TenantCredentials credentials,
      KafkaPublisherSettings publisher) {
    return new IngestServerSettings(config.get(IngestOptions.HOST), config.get(IngestOptions.PORT),
        IngestLimits.from(config), credentials, publisher,
        config.get(IngestOptions.RECENT_IDS), AttachmentLimits.from(config));
  }
}
