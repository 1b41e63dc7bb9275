package org.learnstream.jobs.ingest.documents;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retention of the learner records on a private PostgreSQL server, as {@code documents.url} gives it in production. */
class PostgresLearnerRecordRetentionITCase extends LearnerRecordRetentionContract {

  @RegisterExtension
  static final PostgresExtension POSTGRES = new PostgresExtension();

  private String url;

  /** A fresh database per test (a test instance each), which both of the test's openings share. */
  @Override
  DocumentDatabase openDatabase() {
    if (url == null) {
      url = POSTGRES.freshDatabase("record_retention_");
    }
    return DocumentDatabase.postgres(url, POSTGRES.user(), null, 2);
  }

  @Override
  boolean aSessionWaitsForALock(DocumentDatabase database) throws SQLException {
    return database.inTransaction(c -> {
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity "
              + "WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
        r.next();
        return r.getInt(1) > 0;
      }
    });
  }
}
