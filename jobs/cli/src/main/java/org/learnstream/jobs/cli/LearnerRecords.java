package org.learnstream.jobs.cli;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.ingest.documents.DocumentDatabase;
import org.learnstream.jobs.ingest.documents.DocumentRecordTransactions;
import org.learnstream.jobs.settings.DocumentOptions;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.pipeline.records.ErasedLearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.records.RecordErasure;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.Pseudonymizer;

/**
 * The learner records in the documents database the settings name (documents.url, else the embedded one under
 * runtime.data-dir, which a running {@code serve} shares with this process), for {@code erase}.
 */
final class LearnerRecords {

  private LearnerRecords() {
  }

  /** Deletes the person's records; what the receipt says about them. */
  static RecordErasure erase(ReadableConfig settings, String tenant, Optional<ActorIdentifier> identifier,
      Pseudonymizer lookupKeys) {
    if (identifier.isEmpty()) {
      return RecordErasure.notReached(ErasedLearnerRecord.BY_PSEUDONYM);
    }
    String dataDir = settings.get(RuntimeOptions.DATA_DIR);
    if (settings.get(DocumentOptions.URL) == null && dataDir == null) {
      return RecordErasure
          .notReached("not reached: no documents database named (set documents.url, or the runtime.data-dir of serve)");
    }
    try (DocumentDatabase database = DocumentDatabase.open(settings, dataDir == null ? null : Path.of(dataDir))) {
      LearnerRecordStore records = new LearnerRecordStore(new DocumentRecordTransactions(database), lookupKeys);
      return RecordErasure.of(records.erasePerson(tenant, identifier.get()));
    } catch (SQLException e) {
      throw new IllegalStateException("the documents database did not answer (SQLSTATE " + e.getSQLState()
          + "); nothing was erased, run erase again", e);
    }
  }
}
