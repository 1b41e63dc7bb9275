package org.learnstream.jobs.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.learnstream.jobs.kafka.AvroTypes;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.settings.RetentionOptions;
import org.learnstream.jobs.state.CodecSerializer;
import org.learnstream.jobs.state.ErasedLearnersState;
import org.learnstream.jobs.state.MasteryHistoryStateCodec;
import org.learnstream.pipeline.kafka.AvroRecords;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.mastery.BktParameters;
import org.learnstream.pipeline.mastery.MasteryConfig;
import org.learnstream.pipeline.mastery.MasteryHistory;
import org.learnstream.pipeline.mastery.MasteryState;
import org.learnstream.pipeline.mastery.MasteryTracker;
import org.learnstream.pipeline.mastery.PlaceDictionary;
import org.learnstream.pipeline.mastery.PublishedParameters;
import org.learnstream.pipeline.mastery.SkillParameterSet;
import org.learnstream.pipeline.xapi.LearnerDigest;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;
import org.learnstream.schemas.SkillParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by tenant x learner x skill. A response waits until the watermark passes its event time or until the
 * operator has had no input for {@code mastery.max-hold}, and is then applied at its place in (event time, statement id)
 * order among the responses of its learner x skill: in order, it extends the estimate; older than some kept response
 * (the last {@code mastery.void-window}), it is inserted before them and every later estimate is re-emitted
 * recomputed, as for a void. A response the watermark has already passed is applied at once, the same way. Only a
 * response older than every kept one, once older ones have been folded into the estimate, can no longer be placed
 * and goes to {@link SideOutputs#LATE_EVENTS}.
 *
 * <p>So the watermark (which a client's clock can push ahead, up to {@code pipeline.max-future-skew}) decides only
 * how long an answer waits, never whether it counts: a device whose clock runs fast moves only its own learner x
 * skill, and the hold bounds the wait on a quiet pipeline. The rows that hold (the highest revision of each answer)
 * are the estimates over the key's answers in event-time order, whatever order and batches they were released in,
 * unless an answer is late; revisions are numbered from sequences, not from arrivals ({@link #numberRevision}).
 *
 * <p>BKT parameters per skill come from the set the job started with ({@code mastery.parameters-file}) and from
 * {@code skill.parameters} records broadcast to every task while the job runs: a skill's own newest record wins,
 * then the newest defaults record ({@link PublishedParameters#DEFAULTS_KEY}), then the starting set. Every update
 * carries the model version of the set that computed it. The broadcast input should not hold back event time
 * (its watermark is the maximum), otherwise no buffered response is ever applied.
 *
 * <p>Voiding: a retraction ({@link VoidRouting#isRetraction}) takes its target response out. Still buffered: the
 * response is taken out as soon as it is applied, so that it leaves a row marked voided, as a response voided
 * later does. Already applied and among the last {@code mastery.void-window} responses of the key
 * ({@link MasteryHistory#DEFAULT_CAPACITY} by default; a key restored from a snapshot keeps the window it had): the
 * estimate is recomputed from the state before the oldest
 * kept response over the remaining responses, with the parameters current at recompute time, and a corrected update
 * is emitted for every response after the voided one (their sequence numbers move down by one). Older than that:
 * nothing changes; the retraction is counted in {@code voidsBeyondHistory} and goes to
 * {@link SideOutputs#LATE_EVENTS}. Retractions act on arrival, whatever the watermark, so the result equals the one
 * the history without the voided response gives, whichever of the two arrived first.
 *
 * <p>The course and section texts of kept responses live once per operator in a {@link PlaceDictionary}, kept as
 * union operator state so that after rescaling every subtask knows every place; keyed state refers to them by key.
 *
 * <p>A key's estimate is kept for {@code retention.events} past its last write ({@link StateRetention}): a learner
 * who has not answered on a skill for that long starts from the prior on it, as retention has by then removed their
 * answers and the rows derived from them everywhere else.
 */
public class EventTimeMastery
    extends
      KeyedBroadcastProcessFunction<String, LearningEvent, Either<SkillParameters, ErasureRequest>, MasteryUpdate>
    implements
      CheckpointedFunction {

  private static final Logger LOG = LoggerFactory.getLogger(EventTimeMastery.class);
  private static final Comparator<LearningEvent> BY_TIME_AND_ID = Comparator.comparing(LearningEvent::getTimestamp)
      .thenComparing(LearningEvent::getStatementId);

  /** Published parameters by skill id (or {@link PublishedParameters#DEFAULTS_KEY}). */
  public static final MapStateDescriptor<String, SkillParameters> PARAMETERS = new MapStateDescriptor<>(
      "skill-parameters", Types.STRING, AvroTypes.of(SkillParameters.class));
  /** Responses waiting for the watermark, by their time. */
  static final MapStateDescriptor<Long, List<LearningEvent>> PENDING = new MapStateDescriptor<>("pending", Types.LONG,
      new ListTypeInfo<>(AvroTypes.of(LearningEvent.class)));

  /** The estimate and the voiding history of a learner x skill, forgotten {@code keptFor} after its last write. */
  static ValueStateDescriptor<MasteryHistory> history(Duration keptFor) {
    ValueStateDescriptor<MasteryHistory> history = new ValueStateDescriptor<>("mastery",
        new CodecSerializer<>(new MasteryHistoryStateCodec()));
    history.enableTimeToLive(StateRetention.learnerState(keptFor));
    return history;
  }

  private final MasteryConfig config;
  private final SkillParameterSet initial;
  private final int voidWindow;
  private final long maxHoldMillis;
  /** How long a learner x skill's estimate outlives its last answer ({@code retention.events}, the longest). */
  private final Duration keptFor;
  /** The estimate and voiding history's state, kept for {@link #keptFor}. */
  private transient ValueStateDescriptor<MasteryHistory> historyState;
  /** Whether rows carry the answered activity ({@code item}), which the Best-LR step after this operator reads. */
  private final boolean itemsOnRows;
  /** Processing time of the latest input (per subtask, not checkpointed); {@link #NO_INPUT} since the start. */
  private transient long lastInput;
  private static final long NO_INPUT = Long.MIN_VALUE;
  /**
   * How long answers restored from a checkpoint wait for input after a restart before the hold may release them:
   * the sources first re-read their backlog, which can hold older answers of the same learner x skill, and a release
   * ahead of those would re-emit corrected rows that an uninterrupted run does not write.
   */
  static final long RESTART_GRACE_MILLIS = 10_000;
  private transient MasteryTracker tracker;
  private transient PlaceDictionary places;
  /** The dictionary's places as (course, section) lists; written at each checkpoint. */
  private transient ListState<List<String>> placesState;
  /** The estimate and the voiding history of the key, in one value (the key is stored once). */
  private transient ValueState<MasteryHistory> history;
  private transient Counter voided;
  private transient Counter voidsBeyondHistory;
  private transient MapState<Long, List<LearningEvent>> pending;
  private transient Counter late;
  private transient Counter parameterUpdates;
  private transient Counter rejectedParameters;
  private transient Counter erasedLearners;
  private transient LearnerDigest.Cache digests;

  public EventTimeMastery(MasteryConfig config) {
    this(config, SkillParameterSet.defaultsOnly());
  }

  public EventTimeMastery(MasteryConfig config, SkillParameterSet initial) {
    this(config, initial, MasteryHistory.DEFAULT_CAPACITY);
  }

  /** Voids can take out any of the latest {@code voidWindow} applied responses of a learner x skill. */
  public EventTimeMastery(MasteryConfig config, SkillParameterSet initial, int voidWindow) {
    this(config, initial, voidWindow, PipelineOptions.MASTERY_MAX_HOLD.defaultValue());
  }

  /** A response waits at most {@code maxHold} for the watermark; zero: until the watermark passes it. */
  public EventTimeMastery(MasteryConfig config, SkillParameterSet initial, int voidWindow, Duration maxHold) {
    this(config, initial, voidWindow, maxHold, false);
  }

  /**
   * With {@code itemsOnRows}, each response's own row names its activity in {@code item}; rows re-emitted as
   * corrections leave it null, since the kept history does not hold activities.
   */
  public EventTimeMastery(MasteryConfig config, SkillParameterSet initial, int voidWindow, Duration maxHold,
      boolean itemsOnRows) {
    this(config, initial, voidWindow, maxHold, itemsOnRows, RetentionOptions.EVENTS.defaultValue());
  }

  /**
   * With each learner x skill's estimate forgotten once they have not answered on it for {@code keptFor}: by then
   * retention has removed their answers and the rows derived from them everywhere else.
   */
  public EventTimeMastery(MasteryConfig config, SkillParameterSet initial, int voidWindow, Duration maxHold,
      boolean itemsOnRows, Duration keptFor) {
    this.keptFor = Objects.requireNonNull(keptFor, "keptFor");
    this.itemsOnRows = itemsOnRows;
    this.config = Objects.requireNonNull(config, "config");
    this.initial = Objects.requireNonNull(initial, "initial parameter set");
    this.voidWindow = MasteryHistory.requireCapacity(voidWindow); // checked here, not first on the cluster
    if (maxHold.isNegative()) {
      throw new IllegalArgumentException("mastery.max-hold must not be negative, got " + maxHold);
    }
    this.maxHoldMillis = maxHold.toMillis();
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    places = new PlaceDictionary();
    placesState = context.getOperatorStateStore().getUnionListState(
        new ListStateDescriptor<>("places", new ListTypeInfo<>(Types.STRING)));
    for (List<String> place : placesState.get()) {
      places.restore(new PlaceDictionary.Place(place.get(0), place.get(1)));
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    List<List<String>> all = new ArrayList<>(places.size());
    for (PlaceDictionary.Place place : places.places()) {
      all.add(Arrays.asList(place.course(), place.section()));
    }
    placesState.update(all);
  }

  @Override
  public void open(OpenContext openContext) {
    tracker = new MasteryTracker(config);
    lastInput = NO_INPUT;
    pending = getRuntimeContext().getMapState(PENDING);
    historyState = history(keptFor);
    history = getRuntimeContext().getState(historyState);
    late = getRuntimeContext().getMetricGroup().counter("lateResponses");
    voided = getRuntimeContext().getMetricGroup().counter("voidedResponses");
    voidsBeyondHistory = getRuntimeContext().getMetricGroup().counter("voidsBeyondHistory");
    digests = ErasedLearnersState.digestCache();
    parameterUpdates = getRuntimeContext().getMetricGroup().counter("parameterUpdates");
    rejectedParameters = getRuntimeContext().getMetricGroup().counter("rejectedParameters");
    erasedLearners = getRuntimeContext().getMetricGroup().counter("erasedLearners");
  }

  @Override
  public void processElement(LearningEvent event, ReadOnlyContext ctx, Collector<MasteryUpdate> out) throws Exception {
    observeInput(ctx);
    if (ErasedLearnersState.drops(ctx.getBroadcastState(ErasedLearners.STATE), Map.of(), event, digests)) {
      return; // passed the erasure filter before its entry did, reached this operator after the clearing
    }
    if (VoidRouting.isRetraction(event)) {
      retract(event, ctx, out);
      return;
    }
    // the record's time: the event time, but at most pipeline.max-future-skew after receipt (what rows carry on)
    long at = ctx.timestamp() != null ? ctx.timestamp() : event.getTimestamp().toEpochMilli();
    if (at <= ctx.timerService().currentWatermark()) {
      applyAll(List.of(event), ctx, out);
      return;
    }
    List<LearningEvent> atTime = pending.get(at);
    if (atTime == null) {
      atTime = new ArrayList<>(1);
      ctx.timerService().registerEventTimeTimer(at);
    }
    atTime.add(event);
    pending.put(at, atTime);
    if (maxHoldMillis > 0) {
      registerHoldTimer(ctx, lastInput + maxHoldMillis);
    }
  }

  /** On the next tenth of a second: a key answering many times a second keeps a few timers, not one per answer. */
  private static void registerHoldTimer(ReadOnlyContext ctx, long notBefore) {
    ctx.timerService().registerProcessingTimeTimer((notBefore + 99) / 100 * 100);
  }

  /**
   * Notes the processing time of the latest input: the hold releases answers only once the operator has been quiet
   * that long, so that it does not overtake records still on their way from another subtask.
   */
  private void observeInput(ReadOnlyContext ctx) {
    lastInput = ctx.timerService().currentProcessingTime();
  }

  /**
   * The broadcast input: parameter updates and erasure ledger entries in one stream, as an operator has one broadcast
   * input. The broadcast state of both.
   */
  static BroadcastStream<Either<SkillParameters, ErasureRequest>> broadcastUpdates(
      DataStream<SkillParameters> parameters, DataStream<ErasureRequest> erasures) {
    TypeInformation<Either<SkillParameters, ErasureRequest>> type = new EitherTypeInfo<>(
        AvroTypes.of(SkillParameters.class), Erasures.TYPE);
    DataStream<Either<SkillParameters, ErasureRequest>> left = parameters
        .map(p -> Either.<SkillParameters, ErasureRequest>Left(p), type)
        .uid("skill-parameters-for-mastery").name("parameters for mastery");
    DataStream<Either<SkillParameters, ErasureRequest>> right = erasures
        .map(e -> Either.<SkillParameters, ErasureRequest>Right(e), type)
        .uid("erasures-for-mastery").name("erasures for mastery");
    return left.union(right).broadcast(PARAMETERS, ErasedLearners.STATE);
  }

  @Override
  public void processBroadcastElement(Either<SkillParameters, ErasureRequest> update, Context ctx,
      Collector<MasteryUpdate> out) throws Exception {
    if (update.isRight()) {
      erase(update.right(), ctx);
      return;
    }
    SkillParameters record = update.left();
    if (record.getSkill().isEmpty()) {
      return;
    }
    try {
      PublishedParameters.parameters(record);
    } catch (IllegalArgumentException e) {
      rejectedParameters.inc();
      LOG.warn("ignoring {}; the skill keeps its previous parameters", e.getMessage());
      return;
    }
    ctx.getBroadcastState(PARAMETERS).put(record.getSkill(), record);
    parameterUpdates.inc();
  }

  /**
   * Clears every key of the erased learner (one per skill): the estimate and voiding history, and the responses held
   * for event-time order. Their timers stay registered and find nothing when they fire. From now on the learner's
   * responses dated or stored at or before the erasure are dropped here too.
   */
  private void erase(ErasureRequest request, Context ctx) throws Exception {
    if (!ErasedLearnersState.record(ctx.getBroadcastState(ErasedLearners.STATE), request)) {
      return;
    }
    ctx.applyToKeyedState(historyState, (key, state) -> {
      if (ErasedLearners.isKeyOf(key, request, digests)) {
        state.clear();
      }
    });
    ctx.applyToKeyedState(PENDING, (key, state) -> {
      if (ErasedLearners.isKeyOf(key, request, digests)) {
        state.clear();
      }
    });
    erasedLearners.inc();
  }

  /**
   * Event time: the responses at that instant. Processing time (the hold is over): every response the key still
   * holds, with their event-time timers.
   */
  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MasteryUpdate> out) throws Exception {
    List<LearningEvent> due = new ArrayList<>();
    if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
      List<LearningEvent> atTime = pending.get(timestamp);
      if (atTime == null) {
        return;
      }
      pending.remove(timestamp);
      due.addAll(atTime);
    } else {
      if (lastInput == NO_INPUT) {
        // the first hold since a restart: give the sources their grace to resume before counting quiet time
        lastInput = ctx.timerService().currentProcessingTime() + RESTART_GRACE_MILLIS - maxHoldMillis;
      }
      if (ctx.timerService().currentProcessingTime() - lastInput < maxHoldMillis) {
        // input is flowing: the watermark releases these answers, in step with every input, as it passes them
        registerHoldTimer(ctx, lastInput + maxHoldMillis);
        return;
      }
      releaseAll(ctx, out);
      return;
    }
    due.sort(BY_TIME_AND_ID);
    applyAll(due, ctx, out);
  }

  /** Applies every response the key holds, in event-time order, and drops their timers. */
  private void releaseAll(ReadOnlyContext ctx, Collector<MasteryUpdate> out) throws Exception {
    List<LearningEvent> due = new ArrayList<>();
    for (var entry : pending.entries()) {
      ctx.timerService().deleteEventTimeTimer(entry.getKey());
      due.addAll(entry.getValue());
    }
    if (due.isEmpty()) {
      return;
    }
    pending.clear();
    due.sort(BY_TIME_AND_ID);
    applyAll(due, ctx, out);
  }

  private void applyAll(List<LearningEvent> responses, ReadOnlyContext ctx, Collector<MasteryUpdate> out)
      throws Exception {
    MasteryHistory kept = history.value();
    if (kept == null) {
      kept = new MasteryHistory(voidWindow);
    }
    kept.share(places);
    for (LearningEvent event : responses) {
      if (event.getStatementId().equals(event.getVoidedStatementId())) {
        // voided while it was held (markVoided): applied, then taken out at once
        LearningEvent response = LearningEvent.newBuilder(event).setVoidedStatementId(null).build();
        place(response, kept, ctx, out);
        takeOut(LearningEvent.newBuilder(response).setKind(EventKind.VOIDING)
            .setVoidedStatementId(response.getStatementId()).build(), kept, ctx, out);
      } else {
        place(event, kept, ctx, out);
      }
    }
    kept.share(places);
    history.update(kept);
  }

  /** Applies a response at its place in (event time, statement id) order, or sets it aside as late. */
  private void place(LearningEvent event, MasteryHistory kept, ReadOnlyContext ctx, Collector<MasteryUpdate> out)
      throws Exception {
    int at = kept.positionOf(event.getTimestamp().toEpochMilli(), event.getStatementId());
    if (at == 0 && kept.size > 0 && !kept.checkpoint.isEmpty()) {
      // older than every kept response, and older ones are folded into the checkpoint: its place is unknown
      late.inc();
      ctx.output(SideOutputs.LATE_EVENTS, event);
      return;
    }
    String skill = event.getSkills().get(0);
    SkillParameters published = published(ctx.getBroadcastState(PARAMETERS), skill);
    BktParameters parameters = published != null ? PublishedParameters.parameters(published) : initial.forSkill(skill);
    String modelVersion = published != null ? PublishedParameters.modelVersion(published) : initial.modelVersion();
    if (at < kept.size) {
      insertBefore(at, event, kept, skill, parameters, modelVersion, out);
      return;
    }
    MasteryUpdate update = tracker.apply(kept.current, event, skill, parameters);
    update.setModelVersion(modelVersion);
    nameItem(update, event);
    numberRevision(update, kept, era(kept));
    out.collect(update);
    MasteryHistory.Entry evicted = kept.add(entryOf(event));
    if (evicted != null) {
      tracker.apply(kept.checkpoint, replayed(event, evicted), skill, parameters);
    }
  }

  /**
   * A response older than the kept ones from {@code at} on: recomputes the estimate from the checkpoint over the
   * kept responses with this one in its place, emitting its row and a corrected row for each later response.
   */
  private void insertBefore(int at, LearningEvent event, MasteryHistory kept, String skill, BktParameters parameters,
      String modelVersion, Collector<MasteryUpdate> out) {
    List<MasteryHistory.Entry> entries = new ArrayList<>(kept.size + 1);
    for (int i = 0; i < kept.size; i++) {
      entries.add(kept.get(i));
    }
    entries.add(at, entryOf(event));
    MasteryState state = kept.checkpointCopy();
    long era = era(kept);
    for (int i = 0; i < entries.size(); i++) {
      MasteryUpdate update = tracker.apply(state, i == at ? event : replayed(event, entries.get(i)), skill, parameters);
      if (i == at) {
        nameItem(update, event);
      }
      if (i >= at) {
        update.setModelVersion(modelVersion);
        numberRevision(update, kept, era);
        out.collect(update);
      }
    }
    kept.current = state;
    while (kept.size > 0) {
      kept.removeAt(kept.size - 1);
    }
    for (MasteryHistory.Entry entry : entries) {
      MasteryHistory.Entry evicted = kept.add(entry);
      if (evicted != null) {
        tracker.apply(kept.checkpoint, replayed(event, evicted), skill, parameters);
      }
    }
  }

  private void nameItem(MasteryUpdate update, LearningEvent response) {
    if (itemsOnRows) {
      update.setItem(response.getObjectId());
    }
  }

  private static MasteryHistory.Entry entryOf(LearningEvent event) {
    return new MasteryHistory.Entry(event.getTimestamp().toEpochMilli(), event.getStatementId(), event.getSuccess(),
        event.getCourse(), event.getSection());
  }

  private void retract(LearningEvent retraction, ReadOnlyContext ctx, Collector<MasteryUpdate> out) throws Exception {
    String target = retraction.getStatementId();
    if (markVoided(target)) {
      // taken out when it is applied, so that the void has the same effect whether or not its answer still waited;
      // applying it now would apply the held answers after it too, and could fold an older one that a void still
      // on its way targets out of the window
      return;
    }
    MasteryHistory kept = history.value();
    if (kept != null) {
      kept.share(places);
    }
    takeOut(retraction, kept, ctx, out);
    if (kept != null) {
      history.update(kept);
    }
  }

  /** Takes the retraction's response out of {@code kept} and emits the rows that change, or reports it late. */
  private void takeOut(LearningEvent retraction, MasteryHistory kept, ReadOnlyContext ctx,
      Collector<MasteryUpdate> out) throws Exception {
    String target = retraction.getStatementId();
    int index = kept == null ? -1 : kept.indexOf(target);
    if (index < 0) {
      // never applied (late), or folded into the checkpoint: the estimate cannot take it out any more
      voidsBeyondHistory.inc();
      LOG.warn("void of statement {} changes no estimate: it is not among the last {} responses of its learner x "
          + "skill (or was never applied)", target, kept == null ? voidWindow : kept.capacity);
      ctx.output(SideOutputs.LATE_EVENTS, retraction);
      return;
    }
    voided.inc();
    MasteryHistory.Entry removed = kept.get(index);
    kept.removeAt(index);
    String skill = retraction.getSkills().get(0);
    SkillParameters published = published(ctx.getBroadcastState(PARAMETERS), skill);
    BktParameters parameters = published != null ? PublishedParameters.parameters(published) : initial.forSkill(skill);
    String modelVersion = published != null ? PublishedParameters.modelVersion(published) : initial.modelVersion();
    boolean removedLast = index == kept.size;
    MasteryState state = kept.checkpointCopy();
    long era = era(kept) + 1; // above every row emitted before the void, whatever its sequence
    for (int i = 0; i <= kept.size; i++) {
      if (i == index) {
        // the voided statement's row, as it stood, marked so that no reader counts it any more
        MasteryUpdate row = tracker.apply(MasteryHistory.copy(state), replayed(retraction, removed), skill, parameters);
        row.setModelVersion(modelVersion);
        row.setVoided(true);
        numberRevision(row, kept, era);
        out.collect(row);
      }
      if (i == kept.size) {
        break;
      }
      MasteryUpdate update = tracker.apply(state, replayed(retraction, kept.get(i)), skill, parameters);
      // after the voided one: corrected; the one before a voided last response: re-emitted to become current again
      if (i >= index || (removedLast && i == index - 1)) {
        update.setModelVersion(modelVersion);
        numberRevision(update, kept, era);
        out.collect(update);
      }
    }
    kept.current = state;
  }

  /**
   * Numbers a row {@code era << 32 | 2 x sequence + 1} (voided rows: {@code 2 x sequence}). The era counts the voids
   * applied to the key, from 1, so that it lies above the plain counts earlier builds numbered rows with. Within an
   * era an answer's row is re-emitted only with a higher sequence, so the row that holds for each answer, and the
   * key's newest, carry the highest revision, and the revisions, like the rows, depend on the answers alone, not on
   * the order they arrived in.
   */
  private static void numberRevision(MasteryUpdate row, MasteryHistory kept, long era) {
    long revision = era << 32 | (2L * row.getSequence() + (row.getVoided() ? 0 : 1));
    row.setRevision(revision);
    kept.revision = Math.max(kept.revision, revision);
  }

  private static long era(MasteryHistory kept) {
    return Math.max(1, kept.revision >>> 32);
  }

  /**
   * When the key holds the response, marks it voided (its voidedStatementId set to its own id, which no response
   * carries otherwise) so that {@link #applyAll} takes it out as it applies it; false when the key does not hold it.
   */
  private boolean markVoided(String statementId) throws Exception {
    for (var entry : pending.entries()) {
      List<LearningEvent> atTime = entry.getValue();
      for (int i = 0; i < atTime.size(); i++) {
        LearningEvent held = atTime.get(i);
        if (held.getStatementId().equals(statementId)) {
          atTime.set(i, LearningEvent.newBuilder(held).setVoidedStatementId(statementId).build());
          pending.put(entry.getKey(), atTime);
          return true;
        }
      }
    }
    return false;
  }

  /** A response rebuilt from a history entry, carrying what {@link MasteryTracker#apply} reads. */
  private static LearningEvent replayed(LearningEvent template, MasteryHistory.Entry entry) {
    LearningEvent response = AvroRecords.copy(template);
    response.setKind(EventKind.RESPONSE);
    response.setVoidedStatementId(null);
    response.setStatementId(entry.statementId());
    response.setTimestamp(java.time.Instant.ofEpochMilli(entry.timestamp()));
    response.setSuccess(entry.correct());
    response.setCourse(entry.course());
    response.setSection(entry.section());
    response.setStatementJson(null);
    return response;
  }

  private static SkillParameters published(ReadOnlyBroadcastState<String, SkillParameters> state, String skill)
      throws Exception {
    SkillParameters own = state.get(skill);
    return own != null ? own : state.get(PublishedParameters.DEFAULTS_KEY);
  }
}
