package org.learnstream.pipeline.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding (DESIGN section 4) for one generated record class: every message starts with
 * the marker {@code C3 01} and the 8-byte fingerprint of its writer schema, so no registry is needed.
 *
 * <p>The decoder knows the current schema and every earlier version kept in the schemas jar under
 * {@code org/learnstream/schemas/history/NAME/vN.avsc}, and reads them all into the current class.
 * Instances are thread-safe; they are not {@link java.io.Serializable}, so Flink adapters build one in
 * {@code open}.
 */
public final class AvroCodec<T extends SpecificRecord> {

  static final String HISTORY_ROOT = "org/learnstream/schemas/history/";

  static {
    AvroTrust.trustLearnstreamClasses();
  }

  private final Class<T> type;
  private final Schema schema;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;
  private final List<Schema> knownWriterSchemas;

  private AvroCodec(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
    SpecificData model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    SchemaStore.Cache store = new SchemaStore.Cache();
    List<Schema> known = new ArrayList<>();
    known.add(schema);
    known.addAll(history(type, schema.getName()));
    known.forEach(store::addSchema);
    this.knownWriterSchemas = List.copyOf(known);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema, store);
  }

  public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
    return new AvroCodec<>(type);
  }

  public Class<T> type() {
    return type;
  }

  public Schema schema() {
    return schema;
  }

  /** The current schema first, then the history versions found on the class path. */
  public List<Schema> knownWriterSchemas() {
    return knownWriterSchemas;
  }

  public byte[] encode(T record) {
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not encode a " + schema.getName(), e);
    } catch (AvroRuntimeException | NullPointerException | ClassCastException e) {
      throw new IllegalArgumentException("Could not encode a " + schema.getName() + ": " + e.getMessage()
          + " (a required field is missing or has the wrong type)", e);
    }
  }

  /**
   * Decodes one single-object-encoded message.
   *
   * @throws UnknownSchemaException when the writer schema's fingerprint is not one of the known schemas
   * @throws AvroDecodeException when the bytes are not a valid message of this type
   */
  public T decode(byte[] bytes) {
    if (bytes == null) {
      throw new AvroDecodeException("Cannot decode a " + schema.getName() + " from null bytes (a tombstone?)");
    }
    try {
      return decoder.decode(bytes);
    } catch (MissingSchemaException e) {
      throw new UnknownSchemaException(schema.getName(), fingerprintOf(bytes), e);
    } catch (BadHeaderException e) {
      throw new AvroDecodeException("Not an Avro single-object message for " + schema.getName()
          + ": it must start with C3 01 and an 8-byte schema fingerprint, but starts with "
          + hexPrefix(bytes), e);
    } catch (IOException | RuntimeException e) {
      throw new AvroDecodeException("Corrupt " + schema.getName() + " message of " + bytes.length
          + " bytes (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
    }
  }

  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  private static long fingerprintOf(byte[] bytes) {
    return ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  private static String hexPrefix(byte[] bytes) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(bytes.length, 10); i++) {
      hex.append(String.format("%02X ", bytes[i]));
    }
    return bytes.length == 0 ? "(empty)" : hex.toString().trim();
  }

  private static List<Schema> history(Class<?> type, String name) {
    List<Schema> versions = new ArrayList<>();
    ClassLoader loader = type.getClassLoader();
    for (int version = 1;; version++) {
      String resource = HISTORY_ROOT + name + "/v" + version + ".avsc";
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in == null) {
          return versions;
        }
        versions.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("Could not read the schema history file " + resource, e);
      }
    }
  }
}
