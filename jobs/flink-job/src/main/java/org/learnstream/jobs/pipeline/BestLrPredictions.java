package org.learnstream.jobs.pipeline;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.learnstream.jobs.settings.RetentionOptions;
import org.learnstream.jobs.state.BestLrCountsStateCodec;
import org.learnstream.jobs.state.CodecSerializer;
import org.learnstream.jobs.state.ErasedLearnersState;
import org.learnstream.jobs.warning.ByLearnerDigest;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.mastery.bestlr.BestLrModel;
import org.learnstream.pipeline.mastery.bestlr.BestLrStep;
import org.learnstream.pipeline.mastery.bestlr.Counts;
import org.learnstream.schemas.MasteryUpdate;

/**
 * Keyed by the learner's digest ({@link ByLearnerDigest}), after the mastery operator: adds Best-LR's predictions
 * and model version to every mastery update ({@link BestLrStep}). Best-LR counts over all of a learner's skills,
 * which the mastery operator, keyed per learner x skill, cannot see; the skill's own counts come with the update
 * (attempts, correctCount). State: the learner's overall counts, nothing per learner x skill. An update carrying its
 * {@code item} is the answer's own row ({@link EventTimeMastery} names the item on no other); one without is a
 * re-emitted correction.
 *
 * <p>The erasure ledger is the broadcast input: an erasure clears the counts of the key its digest names, and the
 * learner's updates dated at or before the erasure still on their way are dropped.
 */
public class BestLrPredictions
    extends
      KeyedBroadcastProcessFunction<String, MasteryUpdate, ErasureRequest, MasteryUpdate> {

  /** Each key's erasure time, as a build before the broadcast ledger kept it: cleared with the first ledger entry. */
  private static final ValueStateDescriptor<Long> ERASED_AT = new ValueStateDescriptor<>("erased-at", Types.LONG);

  private final BestLrModel model;
  /** How long a learner's counts outlive their last answer ({@code retention.events}, the longest). */
  private final Duration keptFor;
  private transient ValueStateDescriptor<Counts> overall;
  private transient StateStore store;

  public BestLrPredictions(BestLrModel model) {
    this(model, RetentionOptions.EVENTS.defaultValue());
  }

  /** With a learner's counts forgotten once they have not answered for {@code keptFor}. */
  public BestLrPredictions(BestLrModel model, Duration keptFor) {
    this.model = Objects.requireNonNull(model, "model");
    this.keptFor = Objects.requireNonNull(keptFor, "keptFor");
  }

  @Override
  public void open(OpenContext openContext) {
    overall = new ValueStateDescriptor<>("best-lr-overall", new CodecSerializer<>(new BestLrCountsStateCodec()));
    overall.enableTimeToLive(StateRetention.learnerState(keptFor));
    store = new StateStore(getRuntimeContext().getState(overall));
  }

  /**
   * Clears the erased learner's counts in this subtask, and with them what a build before keys by digest left under
   * {@code tenant|pseudonym} keys (their updates reach their digest's key now) and its per-key erasure times.
   */
  @Override
  public void processBroadcastElement(ErasureRequest request, Context ctx, Collector<MasteryUpdate> out)
      throws Exception {
    if (!ErasedLearnersState.record(ctx.getBroadcastState(ErasedLearnersState.DESCRIPTOR), request)) {
      return;
    }
    Predicate<String> erased = ErasedLearnersState.clearsKey(request);
    ctx.applyToKeyedState(overall, (key, counts) -> {
      if (erased.test(key)) {
        counts.clear();
      }
    });
    ctx.applyToKeyedState(ERASED_AT, (key, erasedAt) -> erasedAt.clear());
  }

  @Override
  public void processElement(MasteryUpdate update, ReadOnlyContext ctx, Collector<MasteryUpdate> out)
      throws Exception {
    Long erased = ctx.getBroadcastState(ErasedLearnersState.DESCRIPTOR)
        .get(ErasureRequest.learnerKey(update.getTenant(), ctx.getCurrentKey()));
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
