package org.learnstream.jobs.cli;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.notify.AlertLearners;
import org.learnstream.jobs.pipeline.LearnerRecordAccess;
import org.learnstream.jobs.pipeline.Pseudonyms;
import org.learnstream.pipeline.records.JdbcRecordTransactions;
import org.learnstream.pipeline.records.LearnerRecordStore;

/**
 * The learner records a notifier names the learners of record-named alerts by ({@link AlertLearners}): the settings'
 * documents database, the one the job names them by. Without one, alerts are taken as they are. Each alert's record is
 * read from the database (nothing cached), so that nothing is delivered about a learner erased a moment before.
 */
public final class NotifierRecords implements AutoCloseable {

  private final JdbcRecordTransactions connection;
  private final AlertLearners learners;

  private NotifierRecords(JdbcRecordTransactions connection, AlertLearners learners) {
    this.connection = connection;
    this.learners = learners;
  }

  /** The records of {@code settings} ({@code documents.url}, else the embedded ones under {@code runtime.data-dir}). */
  public static NotifierRecords of(ReadableConfig settings) {
    LearnerRecordAccess access = LearnerRecordAccess.from(settings);
    if (access == null) {
      return new NotifierRecords(null, AlertLearners.WITHOUT_RECORDS);
    }
    JdbcRecordTransactions connection = access.transactions();
    LearnerRecordStore store = new LearnerRecordStore(connection, Pseudonyms.fromEnvironment(), new SecureRandom(),
        Clock.systemUTC(), 0, Duration.ofMinutes(1));
    return new NotifierRecords(connection, AlertLearners.from(store::findById));
  }

  public AlertLearners learners() {
    return learners;
  }

  @Override
  public void close() {
    if (connection != null) {
      connection.close();
    }
  }
}
