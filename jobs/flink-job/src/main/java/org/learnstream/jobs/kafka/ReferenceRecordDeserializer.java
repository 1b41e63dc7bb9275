package org.learnstream.jobs.kafka;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.learnstream.pipeline.kafka.AvroCodec;

/**
 * Reads a compacted reference topic ({@code skill.parameters}, {@code content.catalog}). Tombstones (null values,
 * left by compaction to delete a key) carry no record and are skipped. Values are written by our own tools, so an
 * undecodable one is a bug or a missing schema version and fails the source with the codec's message.
 */
public final class ReferenceRecordDeserializer<T extends SpecificRecordBase>
    implements
      KafkaRecordDeserializationSchema<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private transient AvroCodec<T> codec;

  public ReferenceRecordDeserializer(Class<T> type) {
    this.type = type;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
    if (record.value() == null) {
      return;
    }
    if (codec == null) {
      codec = AvroCodec.of(type);
    }
    out.collect(codec.decode(record.value()));
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return AvroTypes.of(type);
  }
}
