package org.learnstream.jobs.pipeline;

import org.apache.flink.api.common.state.MapStateDescriptor;
import org.learnstream.jobs.state.ErasedLearnersState;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.xapi.LearnerDigest;

/**
 * The erased learners as the operators keep them: broadcast state from {@code tenant|digest} to the erasure's
 * request time (epoch ms). A list of {@link LearnerDigest}s and times, as the erasure receipts hold, nothing more of
 * the learner.
 * The rule for dropping an erased learner's statement is {@link ErasedLearnersState#drops}.
 */
final class ErasedLearners {

  static final MapStateDescriptor<String, Long> STATE = ErasedLearnersState.DESCRIPTOR;

  private ErasedLearners() {
  }

  /**
   * Whether {@code key} ({@code tenant|learner|...}, or {@code tenant|learner}) is a key of the learner the request
   * erases, whose digest it names.
   */
  static boolean isKeyOf(String key, ErasureRequest request, LearnerDigest.Cache digests) {
    String tenant = request.tenant();
    if (!key.startsWith(tenant) || key.length() <= tenant.length() || key.charAt(tenant.length()) != '|') {
      return false;
    }
    int end = key.indexOf('|', tenant.length() + 1);
    String learner = key.substring(tenant.length() + 1, end < 0 ? key.length() : end);
    return request.learner().equals(digests.of(tenant, learner));
  }
}
