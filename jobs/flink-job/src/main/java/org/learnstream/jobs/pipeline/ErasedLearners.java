package org.learnstream.jobs.pipeline;

import org.apache.flink.api.common.state.MapStateDescriptor;
import org.learnstream.jobs.state.ErasedLearnersState;
import org.learnstream.pipeline.kafka.ErasureRequest;

/**
 * The erased learners as the operators keep them: broadcast state from {@code tenant|pseudonym} to the erasure's
 * request time (epoch ms). A list of pseudonyms and times, as the erasure receipts hold, nothing more of the learner.
 * The rule for dropping an erased learner's statement is {@link ErasedLearnersState#drops}.
 */
final class ErasedLearners {

  static final MapStateDescriptor<String, Long> STATE = ErasedLearnersState.DESCRIPTOR;

  private ErasedLearners() {
  }

  /** Whether {@code key} (starting {@code tenant|learner|}, or equal to it) is a key of the erased learner. */
  static boolean isKeyOf(String key, ErasureRequest request) {
    String learner = request.key();
    return key.equals(learner) || key.startsWith(learner + "|");
  }
}
