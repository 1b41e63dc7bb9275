package org.learnstream.jobs.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.learnstream.pipeline.warning.ClassWarnings;
import org.learnstream.pipeline.warning.ClassWarningsCodec;

/** The class-pattern state of one class, in the {@link ClassWarningsCodec} form. */
public final class ClassWarningsStateCodec implements StateCodec<ClassWarnings> {

  @Override
  public String describe() {
    return "class-pattern state";
  }

  @Override
  public int currentFormat() {
    return ClassWarningsCodec.CURRENT_FORMAT;
  }

  @Override
  public ClassWarnings create() {
    return new ClassWarnings("", null, null);
  }

  @Override
  public ClassWarnings copy(ClassWarnings value) {
    return ClassWarningsCodec.copy(value);
  }

  @Override
  public void write(ClassWarnings value, DataOutput out) throws IOException {
    ClassWarningsCodec.write(value, out);
  }

  @Override
  public ClassWarnings read(DataInput in, int format) throws IOException {
    return ClassWarningsCodec.read(in, format);
  }
}
