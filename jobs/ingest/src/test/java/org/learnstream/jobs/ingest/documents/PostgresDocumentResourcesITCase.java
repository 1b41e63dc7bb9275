package org.learnstream.jobs.ingest.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.local.LocalPostgres;

/** The document resources on a private PostgreSQL server, as {@code documents.url} gives it in production. */
class PostgresDocumentResourcesITCase extends DocumentResourcesContract {

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

  /** A fresh database per test, migrated from nothing. */
  @Override
  DocumentDatabase openDatabase() {
    String name = "documents_" + DATABASES.incrementAndGet();
    postgres.createDatabase(name);
    url = postgres.jdbcUrl(name);
    DocumentDatabase opened = DocumentDatabase.postgres(url, postgres.user(), null, 2);
    assertThat(opened.appliedMigrations()).containsExactly(1, 2, 3);
    return opened;
  }

  @Test
  void reopeningAMigratedDatabaseAppliesNoMigration() {
    try (DocumentDatabase again = DocumentDatabase.postgres(url, postgres.user(), null, 1)) {
      assertThat(again.appliedMigrations()).isEmpty();
    }
  }
}
