package org.learnstream.jobs.ingest.documents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The documents of the three document resources in the document database. Every statement names the tenant, so a
 * tenant reads and writes only its own rows. A change reads the current document under a row lock and writes in
 * the same transaction, so concurrent writers cannot both pass an ETag check.
 */
public final class DocumentStore {

  /** What a change does once it has seen the current document. */
  public sealed interface Edit {
  }

  /** Leave the document as it is and answer with {@code refusal}. */
  public record Keep(DocumentAnswer refusal) implements Edit {
  }

  /** Store this content in place of the current one (or as the first). */
  public record Store(byte[] content, String contentType) implements Edit {
  }

  /** Remove the document. */
  public record Remove() implements Edit {
  }

  private static final String COLUMNS = "content, content_type, etag, updated_millis";

  private final DocumentDatabase db;
  private final Clock clock;

  public DocumentStore(DocumentDatabase db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public Optional<StoredDocument> find(DocumentAddress at, String documentId) throws SQLException {
    return db.inTransaction(c -> read(c, at, documentId, false));
  }

  /** Ids of the scope's documents changed after {@code since} (all when null), oldest change first. */
  public List<String> ids(DocumentAddress at, Instant since) throws SQLException {
    return db.inTransaction(c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT document_id FROM xapi_documents WHERE tenant = ? AND "
          + "resource = ? AND scope_sha256 = ? AND updated_millis > ? ORDER BY updated_millis, document_id")) {
        scope(p, at);
        p.setLong(4, since == null ? Long.MIN_VALUE : since.toEpochMilli());
        List<String> ids = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            ids.add(r.getString(1));
          }
        }
        return ids;
      }
    });
  }

  /** Decides on the current document under a row lock and applies the decision; returns it. */
  public Edit change(DocumentAddress at, String documentId, Function<Optional<StoredDocument>, Edit> decide)
      throws SQLException {
    return db.inTransactionRetryingInsertRace(c -> apply(c, at, documentId, decide));
  }

  /** Removes every document of the scope. */
  public int deleteAll(DocumentAddress at) throws SQLException {
    return db.inTransaction(c -> {
      try (PreparedStatement p = c.prepareStatement(
          "DELETE FROM xapi_documents WHERE tenant = ? AND resource = ? AND scope_sha256 = ?")) {
        scope(p, at);
        return p.executeUpdate();
      }
    });
  }

  private Edit apply(Connection c, DocumentAddress at, String documentId,
      Function<Optional<StoredDocument>, Edit> decide) throws SQLException {
    Optional<StoredDocument> current = read(c, at, documentId, true);
    Edit edit = decide.apply(current);
    if (edit instanceof Store s) {
      StoredDocument next = StoredDocument.of(s.content(), s.contentType(), Instant.ofEpochMilli(clock.millis()));
      if (current.isPresent()) {
        update(c, at, documentId, next);
      } else {
        insert(c, at, documentId, next);
      }
    } else if (edit instanceof Remove && current.isPresent()) {
      try (PreparedStatement p = c.prepareStatement("DELETE FROM xapi_documents WHERE tenant = ? AND resource = ? "
          + "AND scope_sha256 = ? AND id_sha256 = ?")) {
        key(p, at, documentId);
        p.executeUpdate();
      }
    }
    return edit;
  }

  private static Optional<StoredDocument> read(Connection c, DocumentAddress at, String documentId, boolean lock)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM xapi_documents WHERE tenant = ? "
        + "AND resource = ? AND scope_sha256 = ? AND id_sha256 = ?" + (lock ? " FOR UPDATE" : ""))) {
      key(p, at, documentId);
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(new StoredDocument(r.getBytes(1), r.getString(2), r.getString(3).trim(),
            Instant.ofEpochMilli(r.getLong(4))));
      }
    }
  }

  private static void insert(Connection c, DocumentAddress at, String documentId, StoredDocument d)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO xapi_documents (tenant, resource, scope_sha256, "
        + "id_sha256, activity_id, agent_sha256, registration, document_id, " + COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      key(p, at, documentId);
      p.setString(5, at.activityId());
      p.setString(6, at.agent() == null ? null : DocumentAddress.sha256(at.agent()));
      p.setString(7, at.registration());
      p.setString(8, documentId);
      p.setBytes(9, d.content());
      p.setString(10, d.contentType());
      p.setString(11, d.etag());
      p.setLong(12, d.updated().toEpochMilli());
      p.executeUpdate();
    }
  }

  private static void update(Connection c, DocumentAddress at, String documentId, StoredDocument d)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement("UPDATE xapi_documents SET content = ?, content_type = ?, "
        + "etag = ?, updated_millis = ? WHERE tenant = ? AND resource = ? AND scope_sha256 = ? AND id_sha256 = ?")) {
      p.setBytes(1, d.content());
      p.setString(2, d.contentType());
      p.setString(3, d.etag());
      p.setLong(4, d.updated().toEpochMilli());
      p.setString(5, at.tenant());
      p.setString(6, at.resource().name());
      p.setString(7, at.scopeSha256());
      p.setString(8, DocumentAddress.sha256(documentId));
      p.executeUpdate();
    }
  }

  private static void scope(PreparedStatement p, DocumentAddress at) throws SQLException {
    p.setString(1, at.tenant());
    p.setString(2, at.resource().name());
    p.setString(3, at.scopeSha256());
  }

  private static void key(PreparedStatement p, DocumentAddress at, String documentId) throws SQLException {
    scope(p, at);
    p.setString(4, DocumentAddress.sha256(documentId));
  }
}
