package org.learnstream.jobs.pipeline;

import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.learnstream.jobs.state.BestLrCountsStateCodec;
import org.learnstream.jobs.state.CodecSerializer;
import org.learnstream.pipeline.kafka.ErasureMarkers;
import org.learnstream.pipeline.mastery.bestlr.BestLrModel;
import org.learnstream.pipeline.mastery.bestlr.BestLrStep;
import org.learnstream.pipeline.mastery.bestlr.Counts;
import org.learnstream.schemas.MasteryUpdate;

/**
 * Keyed by tenant x learner, after the mastery operator: adds Best-LR's predictions and model version to every
 * mastery update ({@link BestLrStep}). Best-LR counts over all of a learner's skills, which the mastery operator,
 * keyed per learner x skill, cannot see; the skill's own counts come with the update (attempts, correctCount). State:
 * the learner's overall counts, nothing per learner x skill. An update carrying its {@code item} is the answer's own
 * row ({@link EventTimeMastery} names the item on no other); one without is a re-emitted correction.
 *
 * <p>An erasure reaches it as an update of the learner ({@link ErasureMarkers}): their counts go, nothing is emitted
 * for it, and their updates dated at or before the erasure still on their way are dropped.
 */
public class BestLrPredictions extends KeyedProcessFunction<String, MasteryUpdate, MasteryUpdate> {

  private final BestLrModel model;
  private transient StateStore store;
  /** When the learner was erased (epoch ms); null for a learner never erased. */
  private transient ValueState<Long> erasedAt;

  public BestLrPredictions(BestLrModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  @Override
  public void open(OpenContext openContext) {
    store = new StateStore(getRuntimeContext().getState(
        new ValueStateDescriptor<>("best-lr-overall", new CodecSerializer<>(new BestLrCountsStateCodec()))));
    erasedAt = getRuntimeContext().getState(new ValueStateDescriptor<>("erased-at", Types.LONG));
  }

  @Override
  public void processElement(MasteryUpdate update, Context ctx, Collector<MasteryUpdate> out) throws Exception {
    Long erased = erasedAt.value();
    if (ErasureMarkers.isMarker(update)) {
      store.state().clear();
      long at = update.getEventTime().toEpochMilli();
      erasedAt.update(erased == null ? at : Math.max(erased, at));
      return;
    }
    if (erased != null && update.getEventTime().toEpochMilli() <= erased) {
      return;
    }
    int successes = update.getCorrectCount();
    Counts skillAfter = new Counts(successes, update.getAttempts() - successes);
    BestLrStep.Prediction prediction = BestLrStep.apply(model, store, new BestLrStep.Update(update.getSkill(),
        update.getItem(), update.getCorrect(), skillAfter, update.getItem() != null, update.getVoided()));
    update.setBestLrPCorrectPredicted(prediction.pCorrect());
    update.setBestLrPCorrectNext(prediction.pCorrectNext());
    update.setBestLrModelVersion(model.version());
    out.collect(update);
  }

  /** The step's store on the current key's state. */
  private record StateStore(ValueState<Counts> state) implements BestLrStep.Store {

    @Override
    public Counts overall() {
      try {
        Counts counts = state.value();
        return counts == null ? Counts.NONE : counts;
      } catch (Exception e) {
        throw new IllegalStateException("reading Best-LR state", e);
      }
    }

    @Override
    public void overall(Counts counts) {
      try {
        state.update(counts);
      } catch (Exception e) {
        throw new IllegalStateException("writing Best-LR state", e);
      }
    }
  }
}
