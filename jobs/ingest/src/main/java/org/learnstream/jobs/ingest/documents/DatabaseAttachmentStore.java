package org.learnstream.jobs.ingest.documents;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.learnstream.jobs.ingest.AttachmentPart;
import org.learnstream.jobs.ingest.AttachmentStore;

/**
 * Attachment content in the document database (table {@code xapi_attachments}): committed before
 * {@link #put} returns, one row per tenant and SHA-2, so content sent again is not stored twice; its time is then that
 * of the last statement write that carried it, which retention goes by ({@link DocumentRetention}).
 */
final class DatabaseAttachmentStore implements AttachmentStore {

  private final DocumentDatabase db;
  private final Clock clock;

  DatabaseAttachmentStore(DocumentDatabase db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public void put(String tenant, List<AttachmentPart> parts) throws UnavailableException {
    try {
      // a concurrent request may insert the same content first; the retry then finds it kept
      db.inTransactionRetryingInsertRace(c -> {
        try (PreparedStatement stored = c.prepareStatement(
            "UPDATE xapi_attachments SET stored_millis = ? WHERE tenant = ? AND sha2 = ?");
            PreparedStatement insert = c.prepareStatement("INSERT INTO xapi_attachments "
                + "(tenant, sha2, content_type, content, stored_millis) VALUES (?, ?, ?, ?, ?)")) {
          for (AttachmentPart part : parts) {
            // content kept already: a newer statement names it, so it is kept as long as that statement is
            stored.setLong(1, clock.millis());
            stored.setString(2, tenant);
            stored.setString(3, part.sha2());
            if (stored.executeUpdate() > 0) {
              continue;
            }
            insert.setString(1, tenant);
            insert.setString(2, part.sha2());
            insert.setString(3, part.contentType());
            insert.setBytes(4, part.content());
            insert.setLong(5, clock.millis());
            insert.executeUpdate();
          }
        }
        return null;
      });
    } catch (SQLException e) {
      throw new UnavailableException("the document database could not store attachment content: " + e.getMessage(),
          e);
    }
  }

  @Override
  public Map<String, byte[]> get(String tenant, Collection<String> sha2s) throws UnavailableException {
    try {
      Map<String, byte[]> found = new HashMap<>();
      kept(tenant, sha2s).forEach(a -> found.put(a.sha2(), a.content()));
      return found;
    } catch (SQLException e) {
      throw new UnavailableException("the document database could not read attachment content: " + e.getMessage(),
          e);
    }
  }

  /** The content kept for {@code tenant} under each of {@code sha2s} (lower-case) that it has, in that order. */
  List<PersonDocuments.Attachment> kept(String tenant, Collection<String> sha2s) throws SQLException {
    return db.inTransaction(c -> {
      List<PersonDocuments.Attachment> found = new ArrayList<>();
      try (PreparedStatement select = c.prepareStatement(
          "SELECT content_type, content, stored_millis FROM xapi_attachments WHERE tenant = ? AND sha2 = ?")) {
        for (String sha2 : sha2s) {
          select.setString(1, tenant);
          select.setString(2, sha2);
          try (ResultSet r = select.executeQuery()) {
            if (r.next()) {
              found.add(new PersonDocuments.Attachment(sha2, r.getString(1), r.getBytes(2),
                  Instant.ofEpochMilli(r.getLong(3))));
            }
          }
        }
      }
      return found;
    });
  }

  /** Deletes the content kept under each of {@code sha2s} (lower-case) for this tenant; answers how much went. */
  long erase(String tenant, Collection<String> sha2s) throws SQLException {
    return db.inTransaction(c -> {
      long deleted = 0;
      try (
          PreparedStatement delete = c.prepareStatement("DELETE FROM xapi_attachments WHERE tenant = ? AND sha2 = ?")) {
        for (String sha2 : sha2s) {
          delete.setString(1, tenant);
          delete.setString(2, sha2);
          deleted += delete.executeUpdate();
        }
      }
      return deleted;
    });
  }
}
