package org.learnstream.jobs.pipeline;

import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.learnstream.jobs.state.BestLrCountsStateCodec;
import org.learnstream.jobs.state.BestLrSkillCountsStateCodec;
import org.learnstream.jobs.state.CodecSerializer;
import org.learnstream.pipeline.mastery.bestlr.BestLrModel;
import org.learnstream.pipeline.mastery.bestlr.BestLrStep;
import org.learnstream.pipeline.mastery.bestlr.Counts;
import org.learnstream.schemas.MasteryUpdate;

/**
 * Keyed by tenant x learner, after the mastery operator: adds Best-LR's predictions and model version to every
 * mastery update ({@link BestLrStep}). Best-LR counts over all of a learner's skills, which the mastery operator,
 * keyed per learner x skill, cannot see; the skill's own counts come with the update (attempts, correctCount).
 * State per learner: the overall counts; per learner x skill: the latest counted update's revision and counts.
 */
public class BestLrPredictions extends KeyedProcessFunction<String, MasteryUpdate, MasteryUpdate> {

  private final BestLrModel model;
  private transient FlinkStore store;

  public BestLrPredictions(BestLrModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  @Override
  public void open(OpenContext openContext) {
    store = new FlinkStore(
        getRuntimeContext().getState(new ValueStateDescriptor<>("best-lr-overall",
            new CodecSerializer<>(new BestLrCountsStateCodec()))),
        getRuntimeContext().getMapState(new MapStateDescriptor<>("best-lr-skills", StringSerializer.INSTANCE,
            new CodecSerializer<>(new BestLrSkillCountsStateCodec()))));
  }

  @Override
  public void processElement(MasteryUpdate update, Context ctx, Collector<MasteryUpdate> out) {
    int successes = update.getCorrectCount();
    Counts skillAfter = new Counts(successes, update.getAttempts() - successes);
    BestLrStep.Prediction prediction = BestLrStep.apply(model, store, new BestLrStep.Update(update.getSkill(),
        update.getItem(), update.getCorrect(), skillAfter, update.getRevision(), update.getVoided()));
    update.setBestLrPCorrectPredicted(prediction.pCorrect());
    update.setBestLrPCorrectNext(prediction.pCorrectNext());
    update.setBestLrModelVersion(model.version());
    out.collect(update);
  }

  /** The step's store on the current key's state. */
  private static final class FlinkStore implements BestLrStep.Store {

    private final ValueState<Counts> overall;
    private final MapState<String, BestLrStep.SkillCounts> skills;

    FlinkStore(ValueState<Counts> overall, MapState<String, BestLrStep.SkillCounts> skills) {
      this.overall = overall;
      this.skills = skills;
    }

    @Override
    public Counts overall() {
      try {
        Counts counts = overall.value();
        return counts == null ? Counts.NONE : counts;
      } catch (Exception e) {
        throw new IllegalStateException("reading Best-LR state", e);
      }
    }

    @Override
    public void overall(Counts counts) {
      try {
        overall.update(counts);
      } catch (Exception e) {
        throw new IllegalStateException("writing Best-LR state", e);
      }
    }

    @Override
    public BestLrStep.SkillCounts skill(String skill) {
      try {
        return skills.get(skill);
      } catch (Exception e) {
        throw new IllegalStateException("reading Best-LR state", e);
      }
    }

    @Override
    public void skill(String skill, BestLrStep.SkillCounts counts) {
      try {
        skills.put(skill, counts);
      } catch (Exception e) {
        throw new IllegalStateException("writing Best-LR state", e);
      }
    }
  }
}
