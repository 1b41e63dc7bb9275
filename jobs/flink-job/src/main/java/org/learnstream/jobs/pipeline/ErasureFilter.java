package org.learnstream.jobs.pipeline;

import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.learnstream.jobs.state.ErasedLearnersState;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.xapi.LearnerDigest;
import org.learnstream.schemas.LearningEvent;

/**
 * Drops the events of erased learners dated or stored at or before their erasure, before any projection sees them:
 * held or in-flight statements, back-dated ones sent later, and the log's records on replay. The ledger's entries
 * arrive as broadcast state; the ones already in the ledger are also read when the operator opens, so that events
 * racing ahead of the ledger's reader on a fresh start (or a replay) are dropped too.
 */
public class ErasureFilter extends BroadcastProcessFunction<LearningEvent, ErasureRequest, LearningEvent> {

  private static final long serialVersionUID = 1L;

  private final Erasures.AtStart ledger;
  private transient Map<String, Long> atStart;
  private transient Counter dropped;
  private transient LearnerDigest.Cache digests;

  /** {@code ledger}: the erasures known when the operator starts ({@code tenant|digest} to epoch ms). */
  public ErasureFilter(Erasures.AtStart ledger) {
    this.ledger = ledger;
  }

  @Override
  public void open(OpenContext openContext) {
    atStart = Map.copyOf(ledger.read());
    dropped = getRuntimeContext().getMetricGroup().counter("erasedLearnerEvents");
    digests = ErasedLearnersState.digestCache();
  }

  @Override
  public void processElement(LearningEvent event, ReadOnlyContext ctx, Collector<LearningEvent> out)
      throws Exception {
    if (ErasedLearnersState.drops(ctx.getBroadcastState(ErasedLearners.STATE), atStart, event, digests)) {
      dropped.inc();
      return;
    }
    out.collect(event);
  }

  @Override
  public void processBroadcastElement(ErasureRequest request, Context ctx, Collector<LearningEvent> out)
      throws Exception {
    ErasedLearnersState.record(ctx.getBroadcastState(ErasedLearners.STATE), request);
  }
}
