package org.learnstream.jobs.warning;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.learnstream.jobs.state.CodecSerializer;
import org.learnstream.jobs.state.LearnerWarningsStateCodec;
import org.learnstream.pipeline.kafka.ErasureMarkers;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.records.LearnerDigest;
import org.learnstream.pipeline.warning.AlertChange;
import org.learnstream.pipeline.warning.LearnerWarnings;
import org.learnstream.pipeline.warning.WarningRules;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

/**
 * Keyed by the learner's digest ({@link ByLearnerDigest}): applies the early-warning rules ({@link LearnerWarnings}) to the learner's events and
 * mastery updates. One timer per learner drives inactivity (event time by default, processing time for live
 * deployments that want alerts while the stream is quiet); a second drops the learner's state once they have
 * been gone for the tenant's {@code forget_after}.
 *
 * <p>An erasure reaches it as an event under the learner's key ({@link ErasureMarkers}): the learner's state and timers go,
 * and from then on their events and updates dated (or stored) at or before the erasure are dropped, should any still
 * be on their way.
 */
public class EarlyWarning extends KeyedCoProcessFunction<String, LearningEvent, MasteryUpdate, Alert> {

  private final RulesFile rules;
  private final boolean processingTime;
  private transient ValueState<LearnerWarnings> state;
  private transient ValueState<Long> inactivityTimer;
  private transient ValueState<Long> forgetTimer;
  /** When the learner was erased (epoch ms); null for a learner never erased. */
  private transient ValueState<Long> erasedAt;

  public EarlyWarning(RulesFile rules, boolean processingTime) {
    this.rules = rules;
    this.processingTime = processingTime;
  }

  @Override
  public void open(OpenContext openContext) {
    state = getRuntimeContext()
        .getState(new ValueStateDescriptor<>("warnings", new CodecSerializer<>(new LearnerWarningsStateCodec())));
    inactivityTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("inactivity-timer", Types.LONG));
    forgetTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("forget-timer", Types.LONG));
    erasedAt = getRuntimeContext().getState(new ValueStateDescriptor<>("erased-at", Types.LONG));
  }

  @Override
  public void processElement1(LearningEvent event, Context ctx, Collector<Alert> out) throws Exception {
    if (ErasureMarkers.isMarker(event)) {
      erase(ctx, event.getTimestamp().toEpochMilli());
      return;
    }
    Long erased = erasedAt.value();
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

  @Override
  public void processElement2(MasteryUpdate update, Context ctx, Collector<Alert> out) throws Exception {
    Long erased = erasedAt.value();
    if (erased != null && update.getEventTime().toEpochMilli() <= erased) {
      return;
    }
    WarningRules r = rules.rulesFor(update.getTenant());
    LearnerWarnings w = current(update.getTenant(), update.getLearner());
    emit(w.onMastery(Alerts.masteryPoint(update), r), out);
    state.update(w);
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
      erase(ctx, Long.MIN_VALUE);
      erasedAt.clear();
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
      state.clear();
      forgetTimer.clear();
      Long pending = inactivityTimer.value();
      if (pending != null) {
        delete(ctx, pending);
        inactivityTimer.clear();
      }
    }
  }

  /** The erased learner's state and timers go; their alerts already raised are erase's to delete. */
  private void erase(Context ctx, long requestedAt) throws Exception {
    for (ValueState<Long> timer : List.of(inactivityTimer, forgetTimer)) {
      Long at = timer.value();
      if (at != null) {
        delete(ctx, at);
        timer.clear();
      }
    }
    state.clear();
    Long earlier = erasedAt.value();
    erasedAt.update(earlier == null ? requestedAt : Math.max(earlier, requestedAt));
  }

  private LearnerWarnings current(String tenant, String learner) throws Exception {
    LearnerWarnings w = state.value();
    return w != null ? w : new LearnerWarnings(tenant, learner);
  }

  /** {@code eventNow}: the event time that the current moment stands for (processing time counts from it). */
  private void schedule(LearnerWarnings w, WarningRules r, Context ctx, long eventNow) throws Exception {
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

  private long toTimerTime(long eventTime, long eventNow, Context ctx) {
    if (!processingTime) {
      return eventTime;
    }
    return ctx.timerService().currentProcessingTime() + Math.max(0, eventTime - eventNow);
  }

  private void register(Context ctx, long at) {
    if (processingTime) {
      ctx.timerService().registerProcessingTimeTimer(at);
    } else {
      ctx.timerService().registerEventTimeTimer(at);
    }
  }

  private void delete(Context ctx, long at) {
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
