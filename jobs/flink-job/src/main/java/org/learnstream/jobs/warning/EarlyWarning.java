package org.learnstream.jobs.warning;

import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastConnectedStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.learnstream.jobs.kafka.AvroTypes;
import org.learnstream.jobs.state.CodecSerializer;
import org.learnstream.jobs.state.ErasedLearnersState;
import org.learnstream.jobs.state.LearnerWarningsStateCodec;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.warning.AlertChange;
import org.learnstream.pipeline.warning.LearnerWarnings;
import org.learnstream.pipeline.warning.WarningRules;
import org.learnstream.pipeline.xapi.LearnerDigest;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

/**
 * Keyed by the learner's digest ({@link ByLearnerDigest}): applies the early-warning rules ({@link LearnerWarnings})
 * to the learner's events and mastery updates, which arrive as one keyed input ({@link #inputs}). One timer per
 * learner drives inactivity (event time by default, processing time for live deployments that want alerts while the
 * stream is quiet); a second drops the learner's state once they have been gone for the tenant's
 * {@code forget_after}.
 *
 * <p>The erasure ledger is the broadcast input, as for every operator that keeps state per learner: an erasure clears
 * the state of the key its digest names in whichever subtask holds it ({@code applyToKeyedState}); the key's timers
 * stay registered under the digest and find nothing when they fire. From then on the learner's events and updates
 * dated (or stored) at or before the erasure are dropped, should any still be on their way.
 */
public class EarlyWarning
    extends
      KeyedBroadcastProcessFunction<String, Either<LearningEvent, MasteryUpdate>, ErasureRequest, Alert> {

  private static final ValueStateDescriptor<LearnerWarnings> WARNINGS = new ValueStateDescriptor<>("warnings",
      new CodecSerializer<>(new LearnerWarningsStateCodec()));
  private static final ValueStateDescriptor<Long> INACTIVITY_TIMER = new ValueStateDescriptor<>("inactivity-timer",
      Types.LONG);
  private static final ValueStateDescriptor<Long> FORGET_TIMER = new ValueStateDescriptor<>("forget-timer",
      Types.LONG);
  /** Each key's erasure time, as a build before the broadcast ledger kept it: cleared with the first ledger entry. */
  private static final ValueStateDescriptor<Long> ERASED_AT = new ValueStateDescriptor<>("erased-at", Types.LONG);

  private final RulesFile rules;
  private final boolean processingTime;
  private transient ValueState<LearnerWarnings> state;
  private transient ValueState<Long> inactivityTimer;
  private transient ValueState<Long> forgetTimer;

  public EarlyWarning(RulesFile rules, boolean processingTime) {
    this.rules = rules;
    this.processingTime = processingTime;
  }

  /**
   * The keyed input: the learner's events and mastery updates, keyed by the learner's digest; the erasure ledger as
   * the broadcast input. The stream into {@code .process(new EarlyWarning(...))}.
   */
  public static BroadcastConnectedStream<Either<LearningEvent, MasteryUpdate>, ErasureRequest> inputs(
      DataStream<LearningEvent> events, DataStream<MasteryUpdate> updates, DataStream<ErasureRequest> erasures) {
    TypeInformation<Either<LearningEvent, MasteryUpdate>> type = new EitherTypeInfo<>(
        AvroTypes.of(LearningEvent.class), AvroTypes.of(MasteryUpdate.class));
    DataStream<Either<LearningEvent, MasteryUpdate>> learnerEvents = events
        .map(e -> Either.<LearningEvent, MasteryUpdate>Left(e), type).uid("warning-events")
        .name("events per learner");
    DataStream<Either<LearningEvent, MasteryUpdate>> learnerUpdates = updates
        .map(u -> Either.<LearningEvent, MasteryUpdate>Right(u), type).uid("warning-updates")
        .name("mastery updates per learner");
    return learnerEvents.union(learnerUpdates).keyBy(ByLearnerDigest.either())
        .connect(erasures.broadcast(ErasedLearnersState.DESCRIPTOR));
  }

  @Override
  public void open(OpenContext openContext) {
    state = getRuntimeContext().getState(WARNINGS);
    inactivityTimer = getRuntimeContext().getState(INACTIVITY_TIMER);
    forgetTimer = getRuntimeContext().getState(FORGET_TIMER);
  }

  @Override
  public void processElement(Either<LearningEvent, MasteryUpdate> input, ReadOnlyContext ctx, Collector<Alert> out)
      throws Exception {
    if (input.isLeft()) {
      onEvent(input.left(), ctx, out);
    } else {
      onUpdate(input.right(), ctx, out);
    }
  }

  private void onEvent(LearningEvent event, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
    Long erased = erasedAt(ctx, event.getTenant());
    if (event.getKind() == EventKind.VOIDING
        || erased != null && ErasureRequest.covers(erased, event.getTimestamp(), event.getStored())) {
      return;
    }
    WarningRules r = rules.rulesFor(event.getTenant());
    LearnerWarnings w = current(event.getTenant(), event.getLearner());
    emit(w.onObservation(Alerts.observation(event), r), out);
    state.update(w);
    schedule(w, r, ctx, w.lastActivity());
  }

  private void onUpdate(MasteryUpdate update, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
    Long erased = erasedAt(ctx, update.getTenant());
    if (erased != null && update.getEventTime().toEpochMilli() <= erased) {
      return;
    }
    WarningRules r = rules.rulesFor(update.getTenant());
    LearnerWarnings w = current(update.getTenant(), update.getLearner());
    emit(w.onMastery(Alerts.masteryPoint(update), r), out);
    state.update(w);
  }

  /** When the current key's learner was erased (epoch ms): the key is their digest. Null when they were not. */
  private static Long erasedAt(ReadOnlyContext ctx, String tenant) throws Exception {
    return ctx.getBroadcastState(ErasedLearnersState.DESCRIPTOR)
        .get(ErasureRequest.learnerKey(tenant, ctx.getCurrentKey()));
  }

  /**
   * Clears the erased learner's state in this subtask, and with it whatever a build before keys by digest left under
   * {@code tenant|pseudonym} keys (their events reach their digest's key now) and its per-key erasure times.
   */
  @Override
  public void processBroadcastElement(ErasureRequest request, Context ctx, Collector<Alert> out) throws Exception {
    if (!ErasedLearnersState.record(ctx.getBroadcastState(ErasedLearnersState.DESCRIPTOR), request)) {
      return;
    }
    Predicate<String> erased = ErasedLearnersState.clearsKey(request);
    clear(ctx, WARNINGS, erased);
    clear(ctx, INACTIVITY_TIMER, erased);
    clear(ctx, FORGET_TIMER, erased);
    clear(ctx, ERASED_AT, key -> true);
  }

  private static <T> void clear(Context ctx, ValueStateDescriptor<T> descriptor, Predicate<String> keys)
      throws Exception {
    ctx.applyToKeyedState(descriptor, (key, keyed) -> {
      if (keys.test(key)) {
        keyed.clear();
      }
    });
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    LearnerWarnings w = state.value();
    if (w == null) {
      return;
    }
    if (!LearnerDigest.isDigest(ctx.getCurrentKey())) {
      // kept under tenant|pseudonym by a build before learners were keyed by digest: the learner's events now reach
      // their digest's key, so this state is stale and goes, pseudonym and all, without alerts
      forget(ctx);
      return;
    }
    WarningRules r = rules.rulesFor(w.tenant());
    // The final watermark of a bounded input means "no more data", not "time has passed": nobody became inactive.
    boolean endOfInput = !processingTime && ctx.timerService().currentWatermark() == Long.MAX_VALUE;
    Long inactivity = inactivityTimer.value();
    if (inactivity != null && inactivity == timestamp && !endOfInput) {
      inactivityTimer.clear();
      // In processing time the timer stands for the event-time deadline it was set for.
      long deadline = processingTime ? w.nextDeadline(r) : timestamp;
      List<AlertChange> changes = w.onTime(deadline, r);
      emit(changes, out);
      state.update(w);
      // A deadline that fired, changed nothing and stays where it is would fire again at once and for ever, as its
      // time has passed: the learner's next event sets the next deadline instead. (Inactivity waits for the end of
      // its cooldown rather than firing inside it, so it does not end here.)
      if (!changes.isEmpty() || w.nextDeadline(r) > deadline) {
        // A caution alert raised now escalates at a later deadline if the learner stays away; in processing time
        // that deadline is counted from the one that fired now.
        schedule(w, r, ctx, deadline);
      }
    }
    Long forget = forgetTimer.value();
    if (forget != null && forget == timestamp) {
      // The learner has left: their alerts stay as they are, the state and timers go.
      forget(ctx);
    }
  }

  /** The current key's state and timers go. */
  private void forget(ReadOnlyContext ctx) throws Exception {
    for (ValueState<Long> timer : List.of(inactivityTimer, forgetTimer)) {
      Long at = timer.value();
      if (at != null) {
        delete(ctx, at);
        timer.clear();
      }
    }
    state.clear();
  }

  private LearnerWarnings current(String tenant, String learner) throws Exception {
    LearnerWarnings w = state.value();
    return w != null ? w : new LearnerWarnings(tenant, learner);
  }

  /** {@code eventNow}: the event time that the current moment stands for (processing time counts from it). */
  private void schedule(LearnerWarnings w, WarningRules r, ReadOnlyContext ctx, long eventNow) throws Exception {
    long deadline = w.nextDeadline(r);
    long at = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : toTimerTime(deadline, eventNow, ctx);
    Long old = inactivityTimer.value();
    if (old != null && old != at) {
      delete(ctx, old);
      inactivityTimer.clear();
    }
    if (at != Long.MAX_VALUE && (old == null || old != at)) {
      register(ctx, at);
      inactivityTimer.update(at);
    }
    long forgetAt = toTimerTime(w.forgetAt(r), eventNow, ctx);
    Long oldForget = forgetTimer.value();
    if (oldForget == null || oldForget != forgetAt) {
      if (oldForget != null) {
        delete(ctx, oldForget);
      }
      register(ctx, forgetAt);
      forgetTimer.update(forgetAt);
    }
  }

  private long toTimerTime(long eventTime, long eventNow, ReadOnlyContext ctx) {
    if (!processingTime) {
      return eventTime;
    }
    return ctx.timerService().currentProcessingTime() + Math.max(0, eventTime - eventNow);
  }

  private void register(ReadOnlyContext ctx, long at) {
    if (processingTime) {
      ctx.timerService().registerProcessingTimeTimer(at);
    } else {
      ctx.timerService().registerEventTimeTimer(at);
    }
  }

  private void delete(ReadOnlyContext ctx, long at) {
    if (processingTime) {
      ctx.timerService().deleteProcessingTimeTimer(at);
    } else {
      ctx.timerService().deleteEventTimeTimer(at);
    }
  }

  private static void emit(List<AlertChange> changes, Collector<Alert> out) {
    for (AlertChange c : changes) {
      out.collect(Alerts.toAvro(c));
    }
  }
}
