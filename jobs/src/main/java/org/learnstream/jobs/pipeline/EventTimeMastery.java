package org.learnstream.jobs.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.learnstream.jobs.kafka.AvroTypes;
import org.learnstream.jobs.state.CodecSerializer;
import org.learnstream.jobs.state.MasteryHistoryStateCodec;
import org.learnstream.pipeline.kafka.AvroRecords;
import org.learnstream.pipeline.mastery.BktParameters;
import org.learnstream.pipeline.mastery.MasteryConfig;
import org.learnstream.pipeline.mastery.MasteryHistory;
import org.learnstream.pipeline.mastery.MasteryState;
import org.learnstream.pipeline.mastery.MasteryTracker;
import org.learnstream.pipeline.mastery.PlaceDictionary;
import org.learnstream.pipeline.mastery.PublishedParameters;
import org.learnstream.pipeline.mastery.SkillParameterSet;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;
import org.learnstream.schemas.SkillParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by tenant x learner x skill. Responses wait in a buffer until the watermark passes their event time and are
 * then applied in (event time, statement id) order, so the estimate does not depend on arrival order. A response
 * whose event time the watermark has already passed goes to {@link SideOutputs#LATE_EVENTS}.
 *
 * <p>BKT parameters per skill come from the set the job started with ({@code mastery.parameters-file}) and from
 * {@code skill.parameters} records broadcast to every task while the job runs: a skill's own newest record wins,
 * then the newest defaults record ({@link PublishedParameters#DEFAULTS_KEY}), then the starting set. Every update
 * carries the model version of the set that computed it. The broadcast input should not hold back event time
 * (its watermark is the maximum), otherwise no buffered response is ever applied.
 *
 * <p>Voiding: a retraction ({@link VoidRouting#isRetraction}) takes its target response out. Still buffered: the
 * response is dropped. Already applied and among the last {@code mastery.void-window} responses of the key
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
 */
public class EventTimeMastery extends KeyedBroadcastProcessFunction<String, LearningEvent, SkillParameters, MasteryUpdate>
    implements CheckpointedFunction {

  private static final Logger LOG = LoggerFactory.getLogger(EventTimeMastery.class);
  private static final Comparator<LearningEvent> BY_STATEMENT_ID = Comparator.comparing(LearningEvent::getStatementId);

  /** Published parameters by skill id (or {@link PublishedParameters#DEFAULTS_KEY}). */
  public static final MapStateDescriptor<String, SkillParameters> PARAMETERS =
      new MapStateDescriptor<>("skill-parameters", Types.STRING, AvroTypes.of(SkillParameters.class));

  private final MasteryConfig config;
  private final SkillParameterSet initial;
  private final int voidWindow;
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

  public EventTimeMastery(MasteryConfig config) {
    this(config, SkillParameterSet.defaultsOnly());
  }

  public EventTimeMastery(MasteryConfig config, SkillParameterSet initial) {
    this(config, initial, MasteryHistory.DEFAULT_CAPACITY);
  }

  /** Voids can take out any of the latest {@code voidWindow} applied responses of a learner x skill. */
  public EventTimeMastery(MasteryConfig config, SkillParameterSet initial, int voidWindow) {
    this.config = Objects.requireNonNull(config, "config");
    this.initial = Objects.requireNonNull(initial, "initial parameter set");
    this.voidWindow = MasteryHistory.requireCapacity(voidWindow); // checked here, not first on the cluster
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
    pending = getRuntimeContext().getMapState(new MapStateDescriptor<>(
        "pending", Types.LONG, new ListTypeInfo<>(AvroTypes.of(LearningEvent.class))));
    history = getRuntimeContext().getState(new ValueStateDescriptor<>("mastery", new CodecSerializer<>(new MasteryHistoryStateCodec())));
    late = getRuntimeContext().getMetricGroup().counter("lateResponses");
    voided = getRuntimeContext().getMetricGroup().counter("voidedResponses");
    voidsBeyondHistory = getRuntimeContext().getMetricGroup().counter("voidsBeyondHistory");
    parameterUpdates = getRuntimeContext().getMetricGroup().counter("parameterUpdates");
    rejectedParameters = getRuntimeContext().getMetricGroup().counter("rejectedParameters");
  }

  @Override
  public void processElement(LearningEvent event, ReadOnlyContext ctx, Collector<MasteryUpdate> out) throws Exception {
    if (VoidRouting.isRetraction(event)) {
      retract(event, ctx, out);
      return;
    }
    long eventTime = event.getTimestamp().toEpochMilli();
    if (eventTime <= ctx.timerService().currentWatermark()) {
      late.inc();
      ctx.output(SideOutputs.LATE_EVENTS, event);
      return;
    }
    List<LearningEvent> atTime = pending.get(eventTime);
    if (atTime == null) {
      atTime = new ArrayList<>(1);
      ctx.timerService().registerEventTimeTimer(eventTime);
    }
    atTime.add(event);
    pending.put(eventTime, atTime);
  }

  @Override
  public void processBroadcastElement(SkillParameters record, Context ctx, Collector<MasteryUpdate> out)
      throws Exception {
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

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MasteryUpdate> out) throws Exception {
    List<LearningEvent> due = pending.get(timestamp);
    if (due == null) {
      return;
    }
    pending.remove(timestamp);
    due.sort(BY_STATEMENT_ID);
    MasteryHistory kept = history.value();
    if (kept == null) {
      kept = new MasteryHistory(voidWindow);
    }
    kept.share(places);
    MasteryState state = kept.current;
    String skill = due.get(0).getSkills().get(0);
    SkillParameters published = published(ctx.getBroadcastState(PARAMETERS), skill);
    BktParameters parameters = published != null ? PublishedParameters.parameters(published) : initial.forSkill(skill);
    String modelVersion = published != null ? PublishedParameters.modelVersion(published) : initial.modelVersion();
    for (LearningEvent event : due) {
      MasteryUpdate update = tracker.apply(state, event, skill, parameters);
      update.setModelVersion(modelVersion);
      update.setRevision(++kept.revision);
      out.collect(update);
      MasteryHistory.Entry evicted = kept.add(new MasteryHistory.Entry(event.getTimestamp().toEpochMilli(),
          event.getStatementId(), event.getSuccess(), event.getCourse(), event.getSection()));
      if (evicted != null) {
        tracker.apply(kept.checkpoint, replayed(event, evicted), skill, parameters);
      }
    }
    kept.share(places);
    history.update(kept);
  }

  private void retract(LearningEvent retraction, ReadOnlyContext ctx, Collector<MasteryUpdate> out) throws Exception {
    String target = retraction.getStatementId();
    long targetTime = retraction.getTimestamp().toEpochMilli();
    List<LearningEvent> atTime = pending.get(targetTime);
    if (atTime != null && atTime.removeIf(e -> e.getStatementId().equals(target))) {
      voided.inc();
      if (atTime.isEmpty()) {
        pending.remove(targetTime);
        ctx.timerService().deleteEventTimeTimer(targetTime);
      } else {
        pending.put(targetTime, atTime);
      }
      return;
    }
    MasteryHistory kept = history.value();
    if (kept != null) {
      kept.share(places);
    }
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
    for (int i = 0; i <= kept.size; i++) {
      if (i == index) {
        // the voided statement's row, as it stood, marked so that no reader counts it any more
        MasteryUpdate row = tracker.apply(MasteryHistory.copy(state), replayed(retraction, removed), skill, parameters);
        row.setModelVersion(modelVersion);
        row.setVoided(true);
        row.setRevision(++kept.revision);
        out.collect(row);
      }
      if (i == kept.size) {
        break;
      }
      MasteryUpdate update = tracker.apply(state, replayed(retraction, kept.get(i)), skill, parameters);
      // after the voided one: corrected; the one before a voided last response: re-emitted to become current again
      if (i >= index || (removedLast && i == index - 1)) {
        update.setModelVersion(modelVersion);
        update.setRevision(++kept.revision);
        out.collect(update);
      }
    }
    kept.current = state;
    history.update(kept);
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
