package org.learnstream.jobs.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.learnstream.pipeline.mastery.MasteryHistory;
import org.learnstream.pipeline.mastery.MasteryHistoryCodec;

/** The per learner x skill mastery state, in the compact {@link MasteryHistoryCodec} form. */
public final class MasteryHistoryStateCodec implements StateCodec<MasteryHistory> {

  @Override
  public String describe() {
    return "mastery history";
  }

  @Override
  public int currentFormat() {
    return MasteryHistoryCodec.CURRENT_FORMAT;
  }

  @Override
  public MasteryHistory create() {
    return new MasteryHistory();
  }

  @Override
  public MasteryHistory copy(MasteryHistory value) {
    return value.copy();
  }

  @Override
  public void write(MasteryHistory value, DataOutput out) throws IOException {
    MasteryHistoryCodec.write(value, out);
  }

  @Override
  public MasteryHistory read(DataInput in, int format) throws IOException {
    return MasteryHistoryCodec.read(in, format);
  }
}
