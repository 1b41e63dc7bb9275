package org.learnstream.jobs.pipeline;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;

/**
 * How long keyed state lives: a window from its last write (Flink's state TTL, in processing time), never read back
 * once expired. Per-statement state ({@code pipeline.deduplication-retention}) is written once, so its window counts
 * from the statement's first sighting, a promise in time; a learner's running estimate is rewritten with each of
 * their answers, so it lives a window ({@code retention.events}) past their last one.
 */
final class StateRetention {

  private StateRetention() {
  }

  static StateTtlConfig.Builder ttl(Duration retention) {
    return StateTtlConfig.newBuilder(retention)
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired);
  }

  /**
   * A learner's state kept for {@code window} past its last write: beside the backend's own cleanup, full snapshots
   * (savepoints, and every checkpoint of the heap backend) leave expired entries out, so a learner inactive for the
   * events window is in no snapshot written after it.
   */
  static StateTtlConfig learnerState(Duration window) {
    return ttl(window).cleanupFullSnapshot().build();
  }
}
