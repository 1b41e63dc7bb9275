package org.learnstream.jobs.ingest.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The document resources on the embedded H2 database, the default. */
class EmbeddedDocumentResourcesTest extends DocumentResourcesContract {

  @TempDir
  Path databaseDir;

  @Override
  DocumentDatabase openDatabase() {
    return DocumentDatabase.embedded(databaseDir, 2);
  }

  @Test
  void documentsSurviveReopeningTheDatabaseAndMigrationsRunOnce(@TempDir Path dir) {
    sendState(state("kept").method("PUT").json("{\"page\":7}"));
    db.close();

    db = DocumentDatabase.embedded(databaseDir, 2);
    service = serviceOn(db, credentials(dir));

    assertThat(db.appliedMigrations()).isEmpty();
    assertThat(parsed(sendState(state("kept")))).isEqualTo(java.util.Map.of("page", 7));
  }
}
