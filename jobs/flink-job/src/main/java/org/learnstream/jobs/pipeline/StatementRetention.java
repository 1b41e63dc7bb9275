package org.learnstream.jobs.pipeline;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;

/**
 * How long per-statement state lives ({@code pipeline.deduplication-retention}): counted from its first write, so a
 * retention window is a promise in time, and never read back once expired.
 */
final class StatementRetention {

  private StatementRetention() {
  }

  static StateTtlConfig.Builder ttl(Duration retention) {
    return StateTtlConfig.newBuilder(retention)
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired);
  }
}
