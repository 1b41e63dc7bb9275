package org.learnstream.jobs.pipeline;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.learnstream.pipeline.mastery.MasteryHistory;
import org.learnstream.pipeline.mastery.MasteryHistoryCodec;

/**
 * Flink's serializer for the per learner x skill {@link MasteryHistory}, in the compact {@link MasteryHistoryCodec}
 * form (no Kryo, no per-field POJO headers).
 *
 * <p>Evolution: the serializer's snapshot records the codec format it wrote. A job restored from a checkpoint written
 * in an older format gets that format's serializer back ({@link Snapshot#restoreSerializer}) and reports
 * "compatible after migration", so Flink reads every value with the old format and writes it in the current one.
 * A newer format than this version knows is refused with a message naming both.
 */
public final class MasteryHistorySerializer extends TypeSerializer<MasteryHistory> {

  private static final long serialVersionUID = 1L;

  private final int format;

  public MasteryHistorySerializer() {
    this(MasteryHistoryCodec.CURRENT_FORMAT);
  }

  MasteryHistorySerializer(int format) {
    this.format = format;
  }

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<MasteryHistory> duplicate() {
    return this; // stateless
  }

  @Override
  public MasteryHistory createInstance() {
    return new MasteryHistory();
  }

  @Override
  public MasteryHistory copy(MasteryHistory from) {
    return from.copy();
  }

  @Override
  public MasteryHistory copy(MasteryHistory from, MasteryHistory reuse) {
    return from.copy();
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(MasteryHistory record, DataOutputView target) throws IOException {
    if (format != MasteryHistoryCodec.CURRENT_FORMAT) {
      throw new IllegalStateException("a serializer restored for mastery history format " + format
          + " only reads; values are written in format " + MasteryHistoryCodec.CURRENT_FORMAT);
    }
    MasteryHistoryCodec.write(record, target);
  }

  @Override
  public MasteryHistory deserialize(DataInputView source) throws IOException {
    return MasteryHistoryCodec.read(source, format);
  }

  @Override
  public MasteryHistory deserialize(MasteryHistory reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    MasteryHistoryCodec.write(deserialize(source), target);
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof MasteryHistorySerializer other && other.format == format;
  }

  @Override
  public int hashCode() {
    return Integer.hashCode(format);
  }

  @Override
  public TypeSerializerSnapshot<MasteryHistory> snapshotConfiguration() {
    return new Snapshot(format);
  }

  /** Records the codec format; see the class comment for how a restore resolves it. */
  public static final class Snapshot implements TypeSerializerSnapshot<MasteryHistory> {

    private static final int SNAPSHOT_VERSION = 1;
    private int format;

    /** For Flink, which reads the format with {@link #readSnapshot}. */
    public Snapshot() {
      this(MasteryHistoryCodec.CURRENT_FORMAT);
    }

    Snapshot(int format) {
      this.format = format;
    }

    @Override
    public int getCurrentVersion() {
      return SNAPSHOT_VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      out.writeInt(format);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException {
      format = in.readInt();
    }

    @Override
    public TypeSerializer<MasteryHistory> restoreSerializer() {
      return new MasteryHistorySerializer(format);
    }

    @Override
    public TypeSerializerSchemaCompatibility<MasteryHistory> resolveSchemaCompatibility(
        TypeSerializerSnapshot<MasteryHistory> oldSnapshot) {
      if (!(oldSnapshot instanceof Snapshot old) || old.format > format) {
        return TypeSerializerSchemaCompatibility.incompatible();
      }
      return old.format == format ? TypeSerializerSchemaCompatibility.compatibleAsIs()
          : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }
  }
}
