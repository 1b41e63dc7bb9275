package org.learnstream.jobs.ingest.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.ingest.AttachmentPart;
import org.learnstream.pipeline.clickhouse.RetentionWindows;

/**
 * Content in the embedded database outlives the process that stored it, and goes once no statement carried it within
 * the retention window (the contract covers the rest).
 */
class DatabaseAttachmentStoreTest {

  private static final String HASH = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
  private static final String OTHER = "d9298a10d1b0735837dc4bd85dac641b0f3cef27a47e5d53a54f2f3f5b2fcffa";

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

  @Test
  void contentIsKeptForTheWindowAfterTheLastStatementThatCarriedItAndThenRetentionRemovesIt(@TempDir Path dir)
      throws Exception {
    Instant then = Instant.parse("2026-01-05T08:00:00Z");
    AttachmentPart hello = new AttachmentPart(HASH, "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
    AttachmentPart other = new AttachmentPart(OTHER, "text/plain", "other".getBytes(StandardCharsets.UTF_8));
    try (DocumentDatabase db = DocumentDatabase.embedded(dir, 1)) {
      storedAt(db, then).put("school-a", List.of(hello, other));
      storedAt(db, then.plus(Duration.ofDays(300))).put("school-a", List.of(hello));
      DocumentRetention retention = new DocumentRetention(db);
      Instant now = then.plus(Duration.ofDays(400));

      List<DocumentRetention.Step> plan = retention.plan(RetentionWindows.of(Duration.ofDays(365)), now);

      assertThat(plan).singleElement().satisfies(step -> assertThat(step.rows())
          .containsExactly(Map.entry(DocumentRetention.Target.ATTACHMENTS, 1L)));
      assertThat(retention.apply(plan.get(0)).rowsOf(DocumentRetention.Target.ATTACHMENTS)).isOne();
      assertThat(storedAt(db, now).get("school-a", List.of(HASH, OTHER))).as("carried again 300 days in")
          .containsOnlyKeys(HASH);
    }
  }

  private static DatabaseAttachmentStore storedAt(DocumentDatabase db, Instant at) {
    return new DatabaseAttachmentStore(db, Clock.fixed(at, ZoneOffset.UTC));
  }
}
