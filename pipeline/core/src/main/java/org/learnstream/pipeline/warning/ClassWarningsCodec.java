package org.learnstream.pipeline.warning;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.learnstream.pipeline.warning.spi.StateIo;

/**
 * The binary form of one class's {@link ClassWarnings}, so the streaming job keeps it without Kryo. Format 1: the
 * class (tenant, course, section), each learner's newest event, each rule (and skill)'s alerted learners with their
 * raising, and the patterns in progress with their start.
 */
public final class ClassWarningsCodec {

  public static final int CURRENT_FORMAT = 1;

  private ClassWarningsCodec() {
  }

  public static void write(ClassWarnings c, DataOutput out) throws IOException {
    out.writeUTF(c.tenant);
    StateIo.writeNullable(out, c.course);
    StateIo.writeNullable(out, c.section);
    StateIo.writeMap(out, c.lastSeen, DataOutput::writeLong);
    StateIo.writeMap(out, c.raised, (o, byLearner) -> StateIo.writeMap(o, byLearner, DataOutput::writeLong));
    StateIo.writeMap(out, c.patterns, DataOutput::writeLong);
  }

  public static ClassWarnings read(DataInput in, int format) throws IOException {
    if (format != CURRENT_FORMAT) {
      throw new IOException("class-pattern state is in format " + format + ", but this version reads format "
          + CURRENT_FORMAT + " only; restore with the version that wrote it");
    }
    ClassWarnings c = new ClassWarnings(in.readUTF(), StateIo.readNullable(in), StateIo.readNullable(in));
    StateIo.readMap(in, c.lastSeen, DataInput::readLong);
    StateIo.readMap(in, c.raised, i -> {
      Map<String, Long> byLearner = new HashMap<>();
      StateIo.readMap(i, byLearner, DataInput::readLong);
      return byLearner;
    });
    StateIo.readMap(in, c.patterns, DataInput::readLong);
    return c;
  }

  /** A deep copy, through the binary form so that no field can be forgotten. */
  public static ClassWarnings copy(ClassWarnings c) {
    return StateIo.copy(c, (out, v) -> write(v, out), in -> read(in, CURRENT_FORMAT), "class-pattern state");
  }
}
