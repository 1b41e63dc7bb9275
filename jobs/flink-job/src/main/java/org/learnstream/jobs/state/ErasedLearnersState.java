package org.learnstream.jobs.state;

import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import java.util.Map;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.schemas.LearningEvent;

/**
 * The erased learners as the operators that receive the erasure ledger keep them: broadcast state from
 * {@code tenant|pseudonym} to the erasure's request time (epoch ms), as much as a receipt names and no more. Here, below
 * the job's packages, because the projection operators and the class-wide patterns' operator both keep it.
 */
public final class ErasedLearnersState {

  public static final MapStateDescriptor<String, Long> DESCRIPTOR = new MapStateDescriptor<>("erased-learners",
      Types.STRING, Types.LONG);

  private ErasedLearnersState() {
  }

  /** Records the ledger entry; the stand-in entry that names nobody is not one. */
  public static void record(BroadcastState<String, Long> state, ErasureRequest request) throws Exception {
    if (!request.tenant().isEmpty()) {
      state.put(request.key(), request.requestedAt().toEpochMilli());
    }
  }

  /**
   * Whether the event is of an erased learner and dated or stored at or before the erasure ({@link
   * ErasureRequest#covers}, the one rule for every operator and for replay); {@code atStart} holds the erasures read
   * before the job started, where an operator has them.
   */
  public static boolean drops(ReadOnlyBroadcastState<String, Long> erased, Map<String, Long> atStart,
      LearningEvent event) throws Exception {
    String learner = ErasureRequest.learnerKey(event.getTenant(), event.getLearner());
    Long requested = erased.get(learner);
    if (requested == null) {
      requested = atStart.get(learner);
    }
    return requested != null && ErasureRequest.covers(requested, event.getTimestamp(), event.getStored());
  }

  /** The request time of the learner's erasure (epoch ms), or null when they were not erased. */
  public static Long erasedAt(ReadOnlyBroadcastState<String, Long> state, String tenant, String learner)
      throws Exception {
    return state.get(ErasureRequest.learnerKey(tenant, learner));
  }
}
