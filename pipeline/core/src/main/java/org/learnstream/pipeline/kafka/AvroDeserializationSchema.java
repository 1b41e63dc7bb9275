package org.learnstream.pipeline.kafka;

import java.util.Objects;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * Flink adapter: reads Avro single-object messages through {@link AvroCodec}. The produced type is
 * {@link AvroTypeInfo}, so Flink copies and checkpoints these records with Avro rather than Kryo.
 *
 * <p>Bytes that do not decode fail the job with an {@link AvroDecodeException}: the topics read with this
 * schema are written by the pipeline itself, so a bad message is a bug or a missing schema version, not
 * user input to park in dead letters.
 */
public final class AvroDeserializationSchema<T extends SpecificRecordBase> implements DeserializationSchema<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private transient AvroCodec<T> codec;

  public AvroDeserializationSchema(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  @Override
  public void open(InitializationContext context) {
    codec = AvroCodec.of(type);
  }

  @Override
  public T deserialize(byte[] message) {
    if (codec == null) {
      codec = AvroCodec.of(type);
    }
    return codec.decode(message);
  }

  @Override
  public boolean isEndOfStream(T nextElement) {
    return false;
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return typeInfo(type);
  }

  /** Flink type information for a generated Avro class, serialised with Avro (never Kryo). */
  public static <T extends SpecificRecordBase> TypeInformation<T> typeInfo(Class<T> type) {
    AvroTrust.trustLearnstreamClasses();
    return new AvroTypeInfo<>(type);
  }
}
