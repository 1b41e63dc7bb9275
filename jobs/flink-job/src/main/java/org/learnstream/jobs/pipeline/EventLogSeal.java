package org.learnstream.jobs.pipeline;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.learnstream.schemas.LearningEvent;

/**
 * What the two operators at the event log's boundary share ({@link SealEventLog} on the way in,
 * {@link OpenEventLog} on the way out): their own way to the learner records, as the normaliser has, and the count of
 * events dropped because their learner's record is gone.
 */
abstract class EventLogSeal extends ProcessFunction<LearningEvent, LearningEvent> {

  protected final OperatorRecords records;
  protected transient Counter erased;

  EventLogSeal(LearnerRecordAccess records) {
    this.records = new OperatorRecords(records, "event");
  }

  @Override
  public void open(OpenContext openContext) {
    records.open();
    erased = getRuntimeContext().getMetricGroup().counter("erasedLearnerEvents");
  }

  @Override
  public void close() {
    records.close();
  }
}
