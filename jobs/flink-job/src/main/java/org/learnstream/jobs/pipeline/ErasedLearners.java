package org.learnstream.jobs.pipeline;

import java.util.Map;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.learnstream.jobs.state.ErasedLearnersState;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.schemas.LearningEvent;

/**
 * The erased learners as the operators keep them: broadcast state from {@code tenant|pseudonym} to the erasure's
 * request time (epoch ms). A list of pseudonyms and times, as the erasure receipts hold, nothing more of the learner.
 * The one rule for dropping an erased learner's statement ({@link ErasureRequest#covers}) lives here for every
 * operator and for replay.
 */
final class ErasedLearners {

  static final MapStateDescriptor<String, Long> STATE = ErasedLearnersState.DESCRIPTOR;

  private ErasedLearners() {
  }

  /** Whether the event is of an erased learner and dated or stored at or before the erasure. */
  static boolean drops(ReadOnlyBroadcastState<String, Long> erased, Map<String, Long> atStart, LearningEvent event)
      throws Exception {
    String learner = ErasureRequest.learnerKey(event.getTenant(), event.getLearner());
    Long requested = erased.get(learner);
    if (requested == null) {
      requested = atStart.get(learner);
    }
    return requested != null && ErasureRequest.covers(requested, event.getTimestamp(), event.getStored());
  }

  /** Whether {@code key} (starting {@code tenant|learner|}, or equal to it) is a key of the erased learner. */
  static boolean isKeyOf(String key, ErasureRequest request) {
    String learner = request.key();
    return key.equals(learner) || key.startsWith(learner + "|");
  }
}
