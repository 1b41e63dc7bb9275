package org.learnstream.jobs.ingest.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.ingest.AttachmentPart;

/** Content in the embedded database outlives the process that stored it (the contract covers the rest). */
class DatabaseAttachmentStoreTest {

  private static final String HASH = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

  @Test
  void storedContentIsReadAfterTheEmbeddedDatabaseIsReopened(@TempDir Path dir) throws Exception {
    try (DocumentDatabase db = DocumentDatabase.embedded(dir, 1)) {
      new DatabaseAttachmentStore(db, Clock.systemUTC()).put("school-a",
          List.of(new AttachmentPart(HASH, "text/plain", "hello".getBytes(StandardCharsets.UTF_8))));
    }

    try (DocumentDatabase reopened = DocumentDatabase.embedded(dir, 1)) {
      assertThat(new DatabaseAttachmentStore(reopened, Clock.systemUTC()).get("school-a", List.of(HASH)).get(HASH))
          .asString(StandardCharsets.UTF_8).isEqualTo("hello");
    }
  }
}
