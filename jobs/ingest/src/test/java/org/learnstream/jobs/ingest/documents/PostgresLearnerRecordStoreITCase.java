package org.learnstream.jobs.ingest.documents;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The learner record store on a private PostgreSQL server, as {@code documents.url} gives it in production. */
class PostgresLearnerRecordStoreITCase extends LearnerRecordStoreContract {

  @RegisterExtension
  static final PostgresExtension POSTGRES = new PostgresExtension();

  private String url;

  /** A fresh database per test (a test instance each), which both of the test's openings share. */
  @Override
  DocumentDatabase openDatabase() {
    if (url == null) {
      url = POSTGRES.freshDatabase("records_");
    }
    return DocumentDatabase.postgres(url, POSTGRES.user(), null, 2);
  }
}
