package org.learnstream.jobs.ingest.documents;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;

/** Retention of the learner records on the embedded H2 database, the default. */
class EmbeddedLearnerRecordRetentionTest extends LearnerRecordRetentionContract {

  @TempDir
  Path databaseDir;

  @Override
  DocumentDatabase openDatabase() {
    return DocumentDatabase.embedded(databaseDir, 2);
  }

  @Override
  boolean aSessionWaitsForALock(DocumentDatabase database) throws SQLException {
    return database.inTransaction(c -> {
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery(
              "SELECT count(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL")) {
        r.next();
        return r.getInt(1) > 0;
      }
    });
  }
}
