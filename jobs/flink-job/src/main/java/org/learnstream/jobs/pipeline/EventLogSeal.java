package org.learnstream.jobs.pipeline;

import java.sql.SQLException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.learnstream.pipeline.records.JdbcRecordTransactions;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.records.LearnerSeal;
import org.learnstream.schemas.LearningEvent;

/**
 * What the two operators at the event log's boundary share ({@link SealEventLog} on the way in,
 * {@link OpenEventLog} on the way out): a connection of their own to the learner records, cached as the normaliser
 * caches them, and the count of events dropped because their learner's record is gone.
 */
abstract class EventLogSeal extends ProcessFunction<LearningEvent, LearningEvent> {

  private final LearnerRecordAccess records;
  private transient JdbcRecordTransactions connection;
  /** Null when the job names no records database: then no event carries a record to seal or open under. */
  protected transient LearnerRecordStore store;
  protected transient LearnerSeal seal;
  protected transient Counter erased;

  EventLogSeal(LearnerRecordAccess records) {
    this.records = records;
  }

  @Override
  public void open(OpenContext openContext) {
    seal = new LearnerSeal();
    erased = getRuntimeContext().getMetricGroup().counter("erasedLearnerEvents");
    if (records != null) {
      connection = records.transactions();
      store = new LearnerRecordStore(connection, Pseudonyms.fromEnvironment());
    }
  }

  @Override
  public void close() {
    if (connection != null) {
      connection.close();
    }
  }

  /** Fails the operator: the event is read again after the restart rather than lost or passed on unsealed. */
  protected IllegalStateException notAnswering(SQLException e) {
    return new IllegalStateException("the learner record store " + records + " did not answer (SQLSTATE "
        + e.getSQLState() + "); the event is read again after the restart", e);
  }
}
