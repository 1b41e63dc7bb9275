package org.learnstream.jobs.ingest.documents;

import java.sql.SQLException;
import org.learnstream.pipeline.records.RecordTransactions;

/** The learner record store's transactions on the documents database's connections, where its table lives. */
public final class DocumentRecordTransactions implements RecordTransactions {

  private final DocumentDatabase database;

  public DocumentRecordTransactions(DocumentDatabase database) {
    this.database = database;
  }

  @Override
  public <T> T inTransaction(Work<T> work) throws SQLException {
    return database.inTransaction(work::run);
  }
}
