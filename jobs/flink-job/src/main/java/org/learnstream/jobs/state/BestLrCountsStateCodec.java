package org.learnstream.jobs.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.learnstream.pipeline.mastery.bestlr.Counts;

/** A learner's Best-LR counts over all skills: successes and failures, two ints. */
public final class BestLrCountsStateCodec implements StateCodec<Counts> {

  @Override
  public String describe() {
    return "Best-LR counts of a learner";
  }

  @Override
  public int currentFormat() {
    return 1;
  }

  @Override
  public Counts create() {
    return Counts.NONE;
  }

  @Override
  public Counts copy(Counts value) {
    return value; // immutable
  }

  @Override
  public void write(Counts value, DataOutput out) throws IOException {
    out.writeInt(value.successes());
    out.writeInt(value.failures());
  }

  @Override
  public Counts read(DataInput in, int format) throws IOException {
    return new Counts(in.readInt(), in.readInt());
  }
}
