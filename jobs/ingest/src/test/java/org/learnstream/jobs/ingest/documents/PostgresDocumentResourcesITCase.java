package org.learnstream.jobs.ingest.documents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The document resources on a private PostgreSQL server, as {@code documents.url} gives it in production. */
class PostgresDocumentResourcesITCase extends DocumentResourcesContract {

  @RegisterExtension
  static final PostgresExtension POSTGRES = new PostgresExtension();

  private String url;

  /** A fresh database per test, migrated from nothing. */
  @Override
  DocumentDatabase openDatabase() {
    url = POSTGRES.freshDatabase("documents_");
    DocumentDatabase opened = DocumentDatabase.postgres(url, POSTGRES.user(), null, 2);
    assertThat(opened.appliedMigrations()).containsExactly(1, 2, 3, 4, 5, 6);
    return opened;
  }

  @Test
  void reopeningAMigratedDatabaseAppliesNoMigration() {
    try (DocumentDatabase again = DocumentDatabase.postgres(url, POSTGRES.user(), null, 1)) {
      assertThat(again.appliedMigrations()).isEmpty();
    }
  }
}
