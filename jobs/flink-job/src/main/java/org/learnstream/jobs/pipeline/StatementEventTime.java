package org.learnstream.jobs.pipeline;

import org.learnstream.jobs.settings.PipelineOptions;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.pipeline.kafka.RawStatement;
import org.learnstream.pipeline.xapi.StatementTimestamps;

/**
 * Event time of raw statements at the source: the Kafka source then keeps one watermark per partition (bounded
 * out-of-orderness, idle partitions ignored) and a subtask's watermark is the minimum over its partitions. The time
 * is the one the normaliser gives the event ({@link StatementTimestamps}), but at most
 * {@code pipeline.max-future-skew} after the statement's receipt: a client's clock cannot carry the watermark (nor
 * the Kafka record timestamps written from it) further ahead. Statements that are not JSON get no event time and
 * move no watermark.
 */
public final class StatementEventTime implements SerializableTimestampAssigner<RawStatement> {

  private static final long serialVersionUID = 1L;

  private final long maxAheadMillis;

  public StatementEventTime(long maxAheadMillis) {
    this.maxAheadMillis = maxAheadMillis;
  }

  public static WatermarkStrategy<RawStatement> strategy(ReadableConfig options) {
    return LearnstreamPipeline.withIdleness(WatermarkStrategy
        .<RawStatement>forBoundedOutOfOrderness(options.get(PipelineOptions.OUT_OF_ORDERNESS))
        .withTimestampAssigner(new StatementEventTime(options.get(PipelineOptions.MAX_FUTURE_SKEW).toMillis())),
        options);
  }

  @Override
  public long extractTimestamp(RawStatement raw, long recordTimestamp) {
    if (raw.sealedUnder != null) { // sealed bytes cannot be read here: the endpoint wrote their time in a header
      return StatementTimestamps.atMostAhead(raw.sealedEventTime, raw.kafkaTimestamp, maxAheadMillis);
    }
    return StatementTimestamps.eventTime(raw.value, raw.kafkaTimestamp, maxAheadMillis);
  }
}
