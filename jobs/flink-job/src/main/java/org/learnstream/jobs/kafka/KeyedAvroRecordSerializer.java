package org.learnstream.jobs.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.learnstream.pipeline.kafka.AvroCodec;
import org.learnstream.pipeline.kafka.RecordKeys;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

/**
 * Writes Avro records to one topic as single-object messages, keyed as DESIGN section 3 says, with the
 * record's Flink timestamp (its event time when assigned) as the Kafka timestamp.
 */
public final class KeyedAvroRecordSerializer<T extends SpecificRecordBase>
    implements
      KafkaRecordSerializationSchema<T> {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final Class<T> type;
  private final SerializableFunction<T, String> key;
  private final SerializableFunction<T, Long> dated;
  private transient AvroCodec<T> codec;

  /** Records dated by their Flink timestamp. */
  public KeyedAvroRecordSerializer(String topic, Class<T> type, SerializableFunction<T, String> key) {
    this(topic, type, key, null);
  }

  /** @param dated each record's Kafka timestamp; null: its Flink timestamp */
  public KeyedAvroRecordSerializer(String topic, Class<T> type, SerializableFunction<T, String> key,
      SerializableFunction<T, Long> dated) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.type = Objects.requireNonNull(type, "type");
    this.key = Objects.requireNonNull(key, "key");
    this.dated = dated;
  }

  /** {@code learning.events}-style topic, key tenant|learner. */
  public static KeyedAvroRecordSerializer<LearningEvent> learningEvents(String topic) {
    return new KeyedAvroRecordSerializer<>(topic, LearningEvent.class, RecordKeys::learningEvent);
  }

  public static KeyedAvroRecordSerializer<LearningEvent> learningEvents() {
    return learningEvents(Topics.LEARNING_EVENTS);
  }

  /** Key tenant|learner|skill. */
  public static KeyedAvroRecordSerializer<MasteryUpdate> masteryUpdates(String topic) {
    return new KeyedAvroRecordSerializer<>(topic, MasteryUpdate.class, RecordKeys::masteryUpdate);
  }

  public static KeyedAvroRecordSerializer<MasteryUpdate> masteryUpdates() {
    return masteryUpdates(Topics.MASTERY_UPDATES);
  }

  public String topic() {
    return topic;
  }

  @Override
  public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    codec = AvroCodec.of(type);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
    if (codec == null) {
      codec = AvroCodec.of(type);
    }
    String k = key.apply(element);
    byte[] keyBytes = k == null ? null : k.getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(topic, null, dated == null ? timestamp : dated.apply(element), keyBytes,
        codec.encode(element));
  }
}
