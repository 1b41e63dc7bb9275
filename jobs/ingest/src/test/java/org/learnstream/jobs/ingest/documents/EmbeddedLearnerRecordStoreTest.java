package org.learnstream.jobs.ingest.documents;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The learner record store on the embedded H2 database, the default. */
class EmbeddedLearnerRecordStoreTest extends LearnerRecordStoreContract {

  @TempDir
  Path databaseDir;

  @Override
  DocumentDatabase openDatabase() {
    return DocumentDatabase.embedded(databaseDir, 2);
  }
}
