package org.learnstream.pipeline.kafka;

import java.util.Objects;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** Flink adapter: writes records as Avro single-object messages through {@link AvroCodec}. */
public final class AvroSerializationSchema<T extends SpecificRecordBase> implements SerializationSchema<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private transient AvroCodec<T> codec;

  public AvroSerializationSchema(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  @Override
  public void open(InitializationContext context) {
    codec = AvroCodec.of(type);
  }

  @Override
  public byte[] serialize(T element) {
    if (codec == null) {
      codec = AvroCodec.of(type);
    }
    return codec.encode(element);
  }
}
