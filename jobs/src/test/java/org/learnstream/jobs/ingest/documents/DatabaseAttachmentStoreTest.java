package org.learnstream.jobs.ingest.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.ingest.AttachmentPart;

class DatabaseAttachmentStoreTest {

  private static final String HASH = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

  private static AttachmentPart hello() {
    return new AttachmentPart(HASH, "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void keepsContentOncePerTenantAndReadsItBackAfterTheDatabaseIsReopened(@TempDir Path dir) throws Exception {
    try (DocumentDatabase db = DocumentDatabase.embedded(dir, 2)) {
      DatabaseAttachmentStore store = new DatabaseAttachmentStore(db, Clock.systemUTC());
      store.put("school-a", List.of(hello()));
      store.put("school-a", List.of(hello(), hello()));
      long rows = db.inTransaction(c -> {
        try (ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM xapi_attachments")) {
          r.next();
          return r.getLong(1);
        }
      });
      assertThat(rows).isEqualTo(1);
    }
    try (DocumentDatabase reopened = DocumentDatabase.embedded(dir, 1)) {
      DatabaseAttachmentStore store = new DatabaseAttachmentStore(reopened, Clock.systemUTC());

      Map<String, byte[]> found = store.get("school-a", List.of(HASH, "0".repeat(64)));

      assertThat(found).containsOnlyKeys(HASH);
      assertThat(new String(found.get(HASH), StandardCharsets.UTF_8)).isEqualTo("hello");
      assertThat(store.get("school-b", List.of(HASH))).as("another tenant's content").isEmpty();
    }
  }
}
