package org.learnstream.jobs.ingest;

import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.settings.IngestOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;

/**
 * Where and how the ingest server writes statements.
 *
 * @param bootstrapServers Kafka address list, e.g. {@code 127.0.0.1:9092}
 * @param topic the statements topic, normally {@code xapi.statements}
 * @param transactionalIdPrefix stable per server instance, so a restarted instance fences its own
 *     unfinished transactions instead of leaving them open for read_committed readers
 * @param transactionalProducers how many transactions may be open at once; batch requests that arrive while all
 *     are busy share the next one (group commit), so few producers serve many concurrent requests
 * @param maxBlock how long a send may wait for the broker before the request gets 503
 * @param deliveryTimeout upper bound for one record's delivery, retries included
 * @param extra further producer properties (never security secrets on the command line)
 */
public record KafkaPublisherSettings(String bootstrapServers, String topic, String transactionalIdPrefix,
    int transactionalProducers, Duration maxBlock, Duration deliveryTimeout, Map<String, Object> extra) {

  public static final String DEFAULT_TOPIC = "xapi.statements";

  public KafkaPublisherSettings {
    Objects.requireNonNull(bootstrapServers, "kafka bootstrap servers");
    if (transactionalProducers < 1) {
      throw new IllegalArgumentException(IngestOptions.TRANSACTIONAL_PRODUCERS.key() + " must be at least 1, was "
          + transactionalProducers);
    }
    extra = Map.copyOf(extra);
  }

  /** The settings' defaults ({@link IngestOptions}), writing to {@link #DEFAULT_TOPIC}. */
  public static KafkaPublisherSettings defaults(String bootstrapServers) {
    return KafkaPublisherSettings.from(new Configuration(), bootstrapServers, DEFAULT_TOPIC);
  }

  public KafkaPublisherSettings withTimeouts(Duration maxBlock, Duration deliveryTimeout) {
    return new KafkaPublisherSettings(bootstrapServers, topic, transactionalIdPrefix, transactionalProducers,
        maxBlock, deliveryTimeout, extra);
  }

  public KafkaPublisherSettings withTransactionalIdPrefix(String prefix) {
    return new KafkaPublisherSettings(bootstrapServers, topic, prefix, transactionalProducers,
        maxBlock, deliveryTimeout, extra);
  }

  /** How the server with this configuration's instance id writes to {@code topic}. */
  public static KafkaPublisherSettings from(ReadableConfig config, String bootstrapServers, String topic) {
    return new KafkaPublisherSettings(bootstrapServers, topic,
        "learnstream-ingest-" + config.get(IngestOptions.INSTANCE_ID),
        config.get(IngestOptions.TRANSACTIONAL_PRODUCERS), config.get(IngestOptions.MAX_BLOCK),
        config.get(IngestOptions.DELIVERY_TIMEOUT), Map.of());
  }
}
