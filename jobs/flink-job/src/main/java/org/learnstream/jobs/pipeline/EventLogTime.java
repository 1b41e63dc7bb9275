package org.learnstream.jobs.pipeline;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.learnstream.schemas.LearningEvent;

/**
 * Event time of event-log records when they are read back (replay): the event's timestamp, but at most
 * {@code pipeline.max-future-skew} after its {@code stored} time, as {@link StatementEventTime} bounds it at the live
 * source, so that a far-future statement does not carry the watermark ahead of every other learner's.
 */
final class EventLogTime implements SerializableTimestampAssigner<LearningEvent> {

  private static final long serialVersionUID = 1L;

  private final long maxAheadMillis;

  EventLogTime(long maxAheadMillis) {
    this.maxAheadMillis = maxAheadMillis;
  }

  @Override
  public long extractTimestamp(LearningEvent event, long recordTimestamp) {
    return Math.min(event.getTimestamp().toEpochMilli(), event.getStored().toEpochMilli() + maxAheadMillis);
  }
}
