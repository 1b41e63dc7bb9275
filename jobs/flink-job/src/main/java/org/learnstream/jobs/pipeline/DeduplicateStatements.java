package org.learnstream.jobs.pipeline;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.learnstream.schemas.LearningEvent;

/**
 * Keyed by tenant and statement id: passes the first delivery of a statement and drops re-deliveries (an LMS that
 * retries, a replayed file), so the event log and everything after it sees each statement once.
 */
public class DeduplicateStatements extends KeyedProcessFunction<String, LearningEvent, LearningEvent> {

  private final Duration retention;
  private transient ValueState<Boolean> seen;
  private transient Counter duplicates;

  public DeduplicateStatements(Duration retention) {
    this.retention = retention;
  }

  public static String key(LearningEvent event) {
    return event.getTenant() + '|' + event.getStatementId();
  }

  @Override
  public void open(OpenContext openContext) {
    var descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
    // TTL keeps the state bounded; it counts from the first sighting, so a retention window is a promise in time.
    descriptor.enableTimeToLive(StateRetention.ttl(retention).build());
    seen = getRuntimeContext().getState(descriptor);
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicateStatements");
  }

  @Override
  public void processElement(LearningEvent event, Context ctx, Collector<LearningEvent> out) throws Exception {
    if (seen.value() != null) {
      duplicates.inc();
      return;
    }
    seen.update(Boolean.TRUE);
    out.collect(event);
  }
}
