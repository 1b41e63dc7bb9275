package org.learnstream.jobs.state;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer for state written by a {@link StateCodec}: no Kryo, no per-field POJO headers.
 *
 * <p>Evolution: the snapshot records the codec and the format it wrote. A job restored from a checkpoint in an
 * older format gets a serializer for that format back ({@link Snapshot#restoreSerializer}) and reports "compatible
 * after migration", so Flink reads every value in the old format and writes it in the current one. A newer format
 * than this version knows, or another codec, is refused.
 */
public final class CodecSerializer<T> extends TypeSerializer<T> {

  private static final long serialVersionUID = 1L;

  private final StateCodec<T> codec;
  private final int format;

  public CodecSerializer(StateCodec<T> codec) {
    this(codec, codec.currentFormat());
  }

  CodecSerializer(StateCodec<T> codec, int format) {
    this.codec = Objects.requireNonNull(codec);
    this.format = format;
  }

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<T> duplicate() {
    return this; // stateless
  }

  @Override
  public T createInstance() {
    return codec.create();
  }

  @Override
  public T copy(T from) {
    return codec.copy(from);
  }

  @Override
  public T copy(T from, T reuse) {
    return codec.copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(T record, DataOutputView target) throws IOException {
    if (format != codec.currentFormat()) {
      throw new IllegalStateException("a serializer restored for " + codec.describe() + " format " + format
          + " only reads; values are written in format " + codec.currentFormat());
    }
    codec.write(record, target);
  }

  @Override
  public T deserialize(DataInputView source) throws IOException {
    return codec.read(source, format);
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    codec.write(deserialize(source), target);
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof CodecSerializer<?> other && other.codec.getClass() == codec.getClass()
        && other.format == format;
  }

  @Override
  public int hashCode() {
    return codec.getClass().hashCode() * 31 + format;
  }

  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    return new Snapshot<>(codec, format);
  }

  /** Records the codec's class and format; see the class comment for how a restore resolves it. */
  public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {

    private static final int SNAPSHOT_VERSION = 1;
    private StateCodec<T> codec;
    private int format;

    /** For Flink, which reads the codec and format with {@link #readSnapshot}. */
    public Snapshot() {
    }

    Snapshot(StateCodec<T> codec, int format) {
      this.codec = codec;
      this.format = format;
    }

    @Override
    public int getCurrentVersion() {
      return SNAPSHOT_VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      out.writeUTF(codec.getClass().getName());
      out.writeInt(format);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException {
      String name = in.readUTF();
      try {
        codec = (StateCodec<T>) Class.forName(name, true, userCodeClassLoader).getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | ClassCastException e) {
        throw new IOException("the checkpoint's state codec " + name + " cannot be created in this version", e);
      }
      format = in.readInt();
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
      return new CodecSerializer<>(codec, format);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
      if (!(oldSnapshot instanceof Snapshot<T> old) || old.codec.getClass() != codec.getClass()
          || old.format > format) {
        return TypeSerializerSchemaCompatibility.incompatible();
      }
      return old.format == format
          ? TypeSerializerSchemaCompatibility.compatibleAsIs()
          : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }
  }
}
