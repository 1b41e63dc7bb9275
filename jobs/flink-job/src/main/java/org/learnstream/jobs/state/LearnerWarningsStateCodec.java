package org.learnstream.jobs.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.learnstream.pipeline.warning.LearnerWarnings;
import org.learnstream.pipeline.warning.LearnerWarningsCodec;

/** The early-warning state of one learner, in the {@link LearnerWarningsCodec} form. */
public final class LearnerWarningsStateCodec implements StateCodec<LearnerWarnings> {

  @Override
  public String describe() {
    return "early-warning state";
  }

  @Override
  public int currentFormat() {
    return LearnerWarningsCodec.CURRENT_FORMAT;
  }

  @Override
  public LearnerWarnings create() {
    return new LearnerWarnings("", "");
  }

  @Override
  public LearnerWarnings copy(LearnerWarnings value) {
    return LearnerWarningsCodec.copy(value);
  }

  @Override
  public void write(LearnerWarnings value, DataOutput out) throws IOException {
    LearnerWarningsCodec.write(value, out);
  }

  @Override
  public LearnerWarnings read(DataInput in, int format) throws IOException {
    return LearnerWarningsCodec.read(in, format);
  }
}
