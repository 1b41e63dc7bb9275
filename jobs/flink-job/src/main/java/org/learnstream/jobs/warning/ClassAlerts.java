package org.learnstream.jobs.warning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
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
import org.apache.flink.util.OutputTag;
import org.learnstream.jobs.kafka.AvroTypes;
import org.learnstream.jobs.state.ClassWarningsStateCodec;
import org.learnstream.jobs.state.CodecSerializer;
import org.learnstream.jobs.state.ErasedLearnersState;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.warning.ClassPattern;
import org.learnstream.pipeline.warning.ClassPatternSettings;
import org.learnstream.pipeline.warning.ClassWarnings;
import org.learnstream.pipeline.xapi.LearnerDigest;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.AlertStatus;
import org.learnstream.schemas.LearningEvent;

/**
 * Keyed by tenant|course|section: passes the class's alerts on, except the act escalations of a class-wide pattern
 * ({@link ClassWarnings}), and reports the patterns that begin or reach more learners to {@link #PATTERNS}. A timer drops learners and alerts once
 * they are older than the tenant's {@code class_patterns.window_days}, so a class that has gone quiet leaves no state.
 *
 * <p>Its keyed input is the class's events and alerts in one stream ({@link #inputs}). The erasure ledger is its
 * broadcast input: which classes an erased learner was in is known only here, so the erasure goes to every subtask and
 * each forgets the learner in every class it holds ({@code applyToKeyedState}). From then on their events and alerts
 * dated at or before the erasure are dropped, should any still be on their way.
 */
public class ClassAlerts
    extends
      KeyedBroadcastProcessFunction<String, Either<LearningEvent, Alert>, ErasureRequest, Alert> {

  /** Class-wide patterns as they begin and reach more learners. */
  public static final OutputTag<ClassPattern> PATTERNS = new OutputTag<>("class-patterns",
      TypeInformation.of(ClassPattern.class));

  static final ValueStateDescriptor<ClassWarnings> CLASS_WARNINGS = new ValueStateDescriptor<>("class-warnings",
      new CodecSerializer<>(new ClassWarningsStateCodec()));

  private final RulesFile rules;
  private transient ValueState<ClassWarnings> state;
  private transient ValueState<Long> expiryTimer;
  private transient LearnerDigest.Cache digests;

  public ClassAlerts(RulesFile rules) {
    this.rules = rules;
  }

  /**
   * The keyed input: the class's events and alerts, each keyed by its class; the erasure ledger as the broadcast
   * input. The stream into {@code .process(new ClassAlerts(...))}.
   */
  public static BroadcastConnectedStream<Either<LearningEvent, Alert>, ErasureRequest> inputs(
      DataStream<LearningEvent> events, DataStream<Alert> alerts, DataStream<ErasureRequest> erasures) {
    TypeInformation<Either<LearningEvent, Alert>> type = new EitherTypeInfo<>(AvroTypes.of(LearningEvent.class),
        AvroTypes.of(Alert.class));
    DataStream<Either<LearningEvent, Alert>> classEvents = events
        .map(e -> Either.<LearningEvent, Alert>Left(e), type).uid("class-events").name("events per class");
    DataStream<Either<LearningEvent, Alert>> classAlerts = alerts
        .map(a -> Either.<LearningEvent, Alert>Right(a), type).uid("class-alerts-in").name("alerts per class");
    return classEvents.union(classAlerts).keyBy(ClassAlerts::key)
        .connect(erasures.broadcast(ErasedLearnersState.DESCRIPTOR));
  }

  public static String key(Either<LearningEvent, Alert> input) {
    return input.isLeft() ? key(input.left()) : key(input.right());
  }

  public static String key(LearningEvent e) {
    return key(e.getTenant(), e.getCourse(), e.getSection());
  }

  public static String key(Alert a) {
    return key(a.getTenant(), a.getCourse(), a.getSection());
  }

  private static String key(String tenant, String course, String section) {
    return tenant + '|' + (course == null ? "" : course) + '|' + (section == null ? "" : section);
  }

  @Override
  public void open(OpenContext openContext) {
    state = getRuntimeContext().getState(CLASS_WARNINGS);
    expiryTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("class-expiry-timer", Types.LONG));
    digests = ErasedLearnersState.digestCache();
  }

  @Override
  public void processElement(Either<LearningEvent, Alert> input, ReadOnlyContext ctx, Collector<Alert> out)
      throws Exception {
    ReadOnlyBroadcastState<String, Long> erased = ctx.getBroadcastState(ErasedLearnersState.DESCRIPTOR);
    if (input.isLeft()) {
      if (!ErasedLearnersState.drops(erased, Map.of(), input.left(), digests)) {
        onEvent(input.left(), ctx);
      }
      return;
    }
    onAlert(input.right(), erased, ctx, out);
  }

  /**
   * Forgets the erased learner in every class of this subtask. A class left without learners keeps an empty state
   * until its expiry timer fires and drops it (the timers of other keys cannot be reached from here).
   */
  @Override
  public void processBroadcastElement(ErasureRequest request, Context ctx, Collector<Alert> out) throws Exception {
    if (!ErasedLearnersState.record(ctx.getBroadcastState(ErasedLearnersState.DESCRIPTOR), request)) {
      return;
    }
    String tenantPrefix = request.tenant() + '|';
    ctx.applyToKeyedState(CLASS_WARNINGS, (key, classState) -> {
      ClassWarnings c = classState.value();
      if (key.startsWith(tenantPrefix) && c != null
          && c.forgetIf(learner -> ErasedLearnersState.isOf(request, request.tenant(), learner, digests))) {
        classState.update(c);
      }
    });
  }

  private void onEvent(LearningEvent event, ReadOnlyContext ctx) throws Exception {
    ClassPatternSettings settings = rules.rulesFor(event.getTenant()).classPatterns();
    ClassWarnings c = current(event.getTenant(), event.getCourse(), event.getSection());
    c.onActivity(event.getLearner(), event.getTimestamp().toEpochMilli());
    update(c, settings, ctx);
  }

  /** An alert of an erased learner dated at or before the erasure goes neither on nor into the class. */
  private void onAlert(Alert alert, ReadOnlyBroadcastState<String, Long> erased, ReadOnlyContext ctx,
      Collector<Alert> out) throws Exception {
    // An escalation carries no time of its own: it is the event time of the element that caused it.
    long at = alert.getStatus() == AlertStatus.RESOLVED && alert.getResolvedAt() != null
        ? alert.getResolvedAt().toEpochMilli()
        : ctx.timestamp() != null ? ctx.timestamp() : alert.getRaisedAt().toEpochMilli();
    Long erasedAt = ErasedLearnersState.erasedAt(erased, alert.getTenant(), alert.getLearner(), digests);
    if (erasedAt != null && at <= erasedAt) {
      return;
    }
    ClassPatternSettings settings = rules.rulesFor(alert.getTenant()).classPatterns();
    ClassWarnings c = current(alert.getTenant(), alert.getCourse(), alert.getSection());
    List<ClassPattern> patterns = new ArrayList<>(0);
    if (c.onAlert(alert.getRule(), alert.getSkill(), alert.getLearner(), at, alert.getVersion(), settings, patterns)) {
      out.collect(alert);
    }
    patterns.forEach(p -> ctx.output(PATTERNS, p));
    update(c, settings, ctx);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    ClassWarnings c = state.value();
    Long timer = expiryTimer.value();
    if (c == null || timer == null || timer != timestamp) {
      return;
    }
    expiryTimer.clear();
    update(c, rules.rulesFor(ctx.getCurrentKey().substring(0, ctx.getCurrentKey().indexOf('|'))).classPatterns(),
        ctx, timestamp);
  }

  private ClassWarnings current(String tenant, String course, String section) throws Exception {
    ClassWarnings c = state.value();
    return c != null ? c : new ClassWarnings(tenant, course, section);
  }

  private void update(ClassWarnings c, ClassPatternSettings settings, ReadOnlyContext ctx) throws Exception {
    update(c, settings, ctx, Long.MIN_VALUE);
  }

  /** Keeps the state, or drops it once nothing within the window is left; one timer at the next expiry. */
  private void update(ClassWarnings c, ClassPatternSettings settings, ReadOnlyContext ctx, long now) throws Exception {
    if (now != Long.MIN_VALUE) {
      c.expire(now, settings);
    }
    Long old = expiryTimer.value();
    if (c.isEmpty()) {
      state.clear();
      if (old != null) {
        ctx.timerService().deleteEventTimeTimer(old);
        expiryTimer.clear();
      }
      return;
    }
    state.update(c);
    long next = c.nextExpiry(settings);
    if (old == null || old != next) {
      if (old != null) {
        ctx.timerService().deleteEventTimeTimer(old);
      }
      ctx.timerService().registerEventTimeTimer(next);
      expiryTimer.update(next);
    }
  }
}
