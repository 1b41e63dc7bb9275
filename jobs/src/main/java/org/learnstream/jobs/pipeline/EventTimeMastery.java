package org.learnstream.jobs.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.learnstream.jobs.kafka.AvroTypes;
import org.learnstream.pipeline.mastery.BktParameters;
import org.learnstream.pipeline.mastery.MasteryConfig;
import org.learnstream.pipeline.mastery.MasteryState;
import org.learnstream.pipeline.mastery.MasteryTracker;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

/**
 * Keyed by tenant x learner x skill. Responses wait in a buffer until the watermark passes their event time and are
 * then applied in (event time, statement id) order, so the estimate does not depend on arrival order. A response
 * whose event time the watermark has already passed goes to {@link SideOutputs#LATE_EVENTS}.
 */
public class EventTimeMastery extends KeyedProcessFunction<String, LearningEvent, MasteryUpdate> {

  private static final Comparator<LearningEvent> BY_STATEMENT_ID = Comparator.comparing(LearningEvent::getStatementId);

  private final MasteryConfig config;
  private transient MasteryTracker tracker;
  private transient ValueState<MasteryState> mastery;
  private transient MapState<Long, List<LearningEvent>> pending;
  private transient Counter late;

  public EventTimeMastery(MasteryConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext openContext) {
    tracker = new MasteryTracker(config);
    mastery = getRuntimeContext().getState(
        new ValueStateDescriptor<>("mastery", TypeInformation.of(MasteryState.class)));
    pending = getRuntimeContext().getMapState(new MapStateDescriptor<>(
        "pending", Types.LONG, new ListTypeInfo<>(AvroTypes.of(LearningEvent.class))));
    late = getRuntimeContext().getMetricGroup().counter("lateResponses");
  }

  @Override
  public void processElement(LearningEvent event, Context ctx, Collector<MasteryUpdate> out) throws Exception {
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
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MasteryUpdate> out) throws Exception {
    List<LearningEvent> due = pending.get(timestamp);
    if (due == null) {
      return;
    }
    pending.remove(timestamp);
    due.sort(BY_STATEMENT_ID);
    MasteryState state = mastery.value();
    if (state == null) {
      state = new MasteryState();
    }
    for (LearningEvent event : due) {
      out.collect(tracker.apply(state, event, event.getSkills().get(0), BktParameters.DEFAULTS));
    }
    mastery.update(state);
  }
}
