package org.learnstream.jobs.warning;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.learnstream.jobs.state.ClassWarningsStateCodec;
import org.learnstream.jobs.state.CodecSerializer;
import org.learnstream.pipeline.warning.ClassPattern;
import org.learnstream.pipeline.warning.ClassPatternSettings;
import org.learnstream.pipeline.warning.ClassWarnings;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.AlertStatus;
import org.learnstream.schemas.LearningEvent;

/**
 * Keyed by tenant|course|section: passes the class's alerts on, except the act escalations of a class-wide pattern
 * ({@link ClassWarnings}), and reports the patterns that begin or reach more learners to {@link #PATTERNS}. A timer drops learners and alerts once
 * they are older than the tenant's {@code class_patterns.window_days}, so a class that has gone quiet leaves no state.
 */
public class ClassAlerts extends KeyedCoProcessFunction<String, LearningEvent, Alert, Alert> {

  /** Class-wide patterns as they begin and reach more learners. */
  public static final OutputTag<ClassPattern> PATTERNS = new OutputTag<>("class-patterns",
      TypeInformation.of(ClassPattern.class));

  private final RulesFile rules;
  private transient ValueState<ClassWarnings> state;
  private transient ValueState<Long> expiryTimer;

  public ClassAlerts(RulesFile rules) {
    this.rules = rules;
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
    state = getRuntimeContext()
        .getState(new ValueStateDescriptor<>("class-warnings", new CodecSerializer<>(new ClassWarningsStateCodec())));
    expiryTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("class-expiry-timer", Types.LONG));
  }

  @Override
  public void processElement1(LearningEvent event, Context ctx, Collector<Alert> out) throws Exception {
    ClassPatternSettings settings = rules.rulesFor(event.getTenant()).classPatterns();
    ClassWarnings c = current(event.getTenant(), event.getCourse(), event.getSection());
    c.onActivity(event.getLearner(), event.getTimestamp().toEpochMilli());
    update(c, settings, ctx);
  }

  @Override
  public void processElement2(Alert alert, Context ctx, Collector<Alert> out) throws Exception {
    ClassPatternSettings settings = rules.rulesFor(alert.getTenant()).classPatterns();
    ClassWarnings c = current(alert.getTenant(), alert.getCourse(), alert.getSection());
    // An escalation carries no time of its own: it is the event time of the element that caused it.
    long at = alert.getStatus() == AlertStatus.RESOLVED && alert.getResolvedAt() != null
        ? alert.getResolvedAt().toEpochMilli()
        : ctx.timestamp() != null ? ctx.timestamp() : alert.getRaisedAt().toEpochMilli();
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

  private void update(ClassWarnings c, ClassPatternSettings settings, Context ctx) throws Exception {
    update(c, settings, ctx, Long.MIN_VALUE);
  }

  /** Keeps the state, or drops it once nothing within the window is left; one timer at the next expiry. */
  private void update(ClassWarnings c, ClassPatternSettings settings, Context ctx, long now) throws Exception {
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
