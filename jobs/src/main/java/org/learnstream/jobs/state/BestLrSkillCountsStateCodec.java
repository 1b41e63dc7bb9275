package org.learnstream.jobs.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.learnstream.pipeline.mastery.bestlr.BestLrStep;
import org.learnstream.pipeline.mastery.bestlr.Counts;

/** A learner x skill's latest counted Best-LR counts: the update's revision, successes and failures. */
public final class BestLrSkillCountsStateCodec implements StateCodec<BestLrStep.SkillCounts> {

  @Override
  public String describe() {
    return "Best-LR counts of a learner x skill";
  }

  @Override
  public int currentFormat() {
    return 1;
  }

  @Override
  public BestLrStep.SkillCounts create() {
    return new BestLrStep.SkillCounts(0, Counts.NONE);
  }

  @Override
  public BestLrStep.SkillCounts copy(BestLrStep.SkillCounts value) {
    return value; // immutable
  }

  @Override
  public void write(BestLrStep.SkillCounts value, DataOutput out) throws IOException {
    out.writeLong(value.revision());
    out.writeInt(value.counts().successes());
    out.writeInt(value.counts().failures());
  }

  @Override
  public BestLrStep.SkillCounts read(DataInput in, int format) throws IOException {
    return new BestLrStep.SkillCounts(in.readLong(), new Counts(in.readInt(), in.readInt()));
  }
}
