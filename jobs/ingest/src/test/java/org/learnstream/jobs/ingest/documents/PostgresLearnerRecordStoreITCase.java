package org.learnstream.jobs.ingest.documents;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.learnstream.pipeline.local.LocalPostgres;

/** The learner record store on a private PostgreSQL server, as {@code documents.url} gives it in production. */
class PostgresLearnerRecordStoreITCase extends LearnerRecordStoreContract {

  private static LocalPostgres postgres;
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private String url;

  @BeforeAll
  static void startPostgres() {
    postgres = LocalPostgres.start();
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  /** A fresh database per test (a test instance each), which both of the test's openings share. */
  @Override
  DocumentDatabase openDatabase() {
    if (url == null) {
      String name = "records_" + DATABASES.incrementAndGet();
      postgres.createDatabase(name);
      url = postgres.jdbcUrl(name);
    }
    return DocumentDatabase.postgres(url, postgres.user(), null, 2);
  }
}
