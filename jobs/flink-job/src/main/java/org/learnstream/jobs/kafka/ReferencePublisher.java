package org.learnstream.jobs.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.learnstream.pipeline.kafka.AvroCodec;

/** Writes records to a compacted reference topic (key = the record's id), all or nothing as one transaction. */
public final class ReferencePublisher {

  private ReferencePublisher() {
  }

  /** Returns the number of records written; IllegalStateException naming topic and broker when it fails. */
  public static <T extends SpecificRecordBase> int publish(String bootstrap, String topic, Class<T> type,
      List<T> records, Function<T, String> key,
      Duration timeout) {
    AvroCodec<T> codec = AvroCodec.of(type);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "learnstream-publish-" + topic);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout.toMillis()));
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (T record : records) {
        producer.send(new ProducerRecord<>(topic, key.apply(record).getBytes(StandardCharsets.UTF_8),
            codec.encode(record)));
      }
      producer.commitTransaction();
      return records.size();
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new IllegalStateException("cannot publish to topic " + topic + " at " + bootstrap + ": " + e.getMessage()
          + " (check that a broker runs there and that the topic exists)", e);
    }
  }
}
