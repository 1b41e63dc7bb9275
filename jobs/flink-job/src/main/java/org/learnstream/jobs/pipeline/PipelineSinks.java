package org.learnstream.jobs.pipeline;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Which of the {@link PipelineOutputs} a job graph writes, and the sink of each. {@code main()} writes every output
 * to Kafka and ClickHouse, a replay only the tables rebuilt from the event log; tests plug in collecting sinks for
 * the outputs they read. An output not chosen gets no sink: the graph still computes it but keeps nothing.
 */
public final class PipelineSinks {

  /** Makes the sink of one output. */
  @FunctionalInterface
  public interface Factory {
    <T> Sink<T> sinkOf(PipelineOutput<T> output);
  }

  private final Map<PipelineOutput<?>, Sink<?>> sinks = new LinkedHashMap<>();

  private PipelineSinks(Collection<? extends PipelineOutput<?>> written, Factory factory) {
    written.forEach(output -> sinks.put(output, factory.sinkOf(output)));
  }

  /** Every declared output, each to the sink {@code factory} makes for it. */
  public static PipelineSinks everyOutput(Factory factory) {
    return new PipelineSinks(PipelineOutputs.ALL, factory);
  }

  /** The {@code written} outputs only; every other output is not written. */
  public static PipelineSinks only(Collection<? extends PipelineOutput<?>> written, Factory factory) {
    return new PipelineSinks(written, factory);
  }

  public boolean writes(PipelineOutput<?> output) {
    return sinks.containsKey(output);
  }

  /** Sends {@code stream} to the sink of {@code output}, under the output's uid and name; nowhere if not written. */
  @SuppressWarnings("unchecked") // the constructor keys each sink by the output it was made for
  <T> void write(DataStream<T> stream, PipelineOutput<T> output) {
    if (writes(output)) {
      stream.sinkTo((Sink<T>) sinks.get(output)).uid(output.uid()).name(output.name());
    }
  }
}
