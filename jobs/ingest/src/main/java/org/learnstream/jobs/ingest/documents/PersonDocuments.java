package org.learnstream.jobs.ingest.documents;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.learnstream.jobs.ingest.ActorKey;
import org.learnstream.jobs.ingest.DocumentsErasure;
import org.learnstream.pipeline.records.ErasedLearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.records.RecordErasure;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.SamePerson;

/**
 * The State and Agent Profile documents of one person in a tenant, under every identifier they go by
 * ({@link SamePerson}: an e-mail address also as its mbox_sha1sum): found by the SHA-256 of the agent's identifier
 * that the rows hold ({@code agent_sha256}), read for export and deleted for erasure. Players keep launch data,
 * bookmarks and suspended answers there, so they are the learner's as much as their statements are.
 */
public final class PersonDocuments {

  /** The store name of these documents in an erasure receipt: the table in the documents database. */
  public static final String STORE = "documents.xapi_documents";
  /** The store name of attachment content in an erasure receipt. */
  public static final String ATTACHMENTS = "documents.xapi_attachments";

  /** One document of the person, as the LMS wrote it. */
  public record Document(DocumentResource resource, String activityId, String registration, String documentId,
      String contentType, byte[] content, Instant updated) {
  }

  /** Attachment content one of the person's statements names, as the endpoint keeps it for the tenant. */
  public record Attachment(String sha2, String contentType, byte[] content, Instant stored) {
  }

  /** The condition on {@code resource} of the documents that are a learner's: State and Agent Profile. */
  static final String LEARNERS_RESOURCES = "resource IN ('" + DocumentResource.STATE.name() + "', '"
      + DocumentResource.AGENT_PROFILE.name() + "')";

  private static final String AGENT_SCOPED = "tenant = ? AND " + LEARNERS_RESOURCES + " AND agent_sha256 = ?";

  private final DocumentDatabase database;

  public PersonDocuments(DocumentDatabase database) {
    this.database = database;
  }

  /** The erasure of people's records ({@code records}, null when none are kept) and documents in {@code database}. */
  public static DocumentsErasure.Eraser eraser(DocumentDatabase database, LearnerRecordStore records) {
    return new DocumentsErasure.Eraser() {
      @Override
      public Map<String, String> recordPseudonyms(String tenant, ActorIdentifier identifier) throws SQLException {
        return PersonDocuments.recordPseudonyms(records, tenant, identifier);
      }

      @Override
      public DocumentsErasure erase(String tenant, Optional<ActorIdentifier> identifier, String pseudonym,
          Set<String> attachments) throws SQLException {
        return erasure(database, records, tenant, identifier, pseudonym, attachments);
      }
    };
  }

  /** The pseudonym of each record the person has in {@code records} (null: none kept), by canonical identifier. */
  public static Map<String, String> recordPseudonyms(LearnerRecordStore records, String tenant,
      ActorIdentifier identifier) throws SQLException {
    return records == null ? Map.of() : records.pseudonymsOf(tenant, SamePerson.canonicalsOf(identifier.canonical()));
  }

  /**
   * What an erasure deletes here before any ClickHouse row: the person's records from {@code records} (null: this
   * installation keeps none, statements are written in the clear), then their documents from {@code database}, then
   * the attachment content kept under {@code attachments} (what only the statements the erasure deletes name). By
   * pseudonym ({@code identifier} empty): the record that carries it; documents cannot be found by it.
   */
  public static DocumentsErasure erasure(DocumentDatabase database, LearnerRecordStore records, String tenant,
      Optional<ActorIdentifier> identifier, String pseudonym, Set<String> attachments) throws SQLException {
    Map<String, Long> rows = new LinkedHashMap<>();
    String documents;
    RecordErasure erasedRecords;
    if (identifier.isEmpty()) {
      erasedRecords = records == null
          ? RecordErasure.notReached(ErasedLearnerRecord.BY_PSEUDONYM)
          : RecordErasure.of(records.eraseByPseudonym(tenant, pseudonym).stream().toList());
      documents = DocumentsErasure.BY_PSEUDONYM;
    } else {
      erasedRecords = records == null
          ? RecordErasure.notReached("none kept: this endpoint writes statements in the clear")
          : RecordErasure.of(records.erasePerson(tenant, identifier.get()));
      long deleted = new PersonDocuments(database).erase(tenant, identifier.get());
      documents = deleted + " State and Agent Profile documents deleted";
      rows.put(STORE, deleted);
    }
    if (!attachments.isEmpty()) {
      long deleted = new PersonDocuments(database).attachmentStore().erase(tenant, attachments);
      documents += "; " + deleted + " attachment contents that only the erased statements named deleted";
      rows.put(ATTACHMENTS, deleted);
    }
    return new DocumentsErasure(erasedRecords, documents, rows);
  }

  /** Deletes the person's documents in one transaction; answers how many were deleted. */
  public long erase(String tenant, ActorIdentifier identifier) throws SQLException {
    return database.inTransaction(c -> {
      long deleted = 0;
      for (String agent : agentHashes(identifier)) {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM xapi_documents WHERE " + AGENT_SCOPED)) {
          p.setString(1, tenant);
          p.setString(2, agent);
          deleted += p.executeUpdate();
        }
      }
      return deleted;
    });
  }

  /** The content kept for {@code tenant} under each of {@code sha2s} (lower-case) that it has, in that order. */
  public List<Attachment> attachments(String tenant, Collection<String> sha2s) throws SQLException {
    return attachmentStore().kept(tenant, sha2s);
  }

  // its clock dates what is stored, which reading and erasing do not
  private DatabaseAttachmentStore attachmentStore() {
    return new DatabaseAttachmentStore(database, Clock.systemUTC());
  }

  /** The person's documents, oldest first. */
  public List<Document> of(String tenant, ActorIdentifier identifier) throws SQLException {
    return database.inTransaction(c -> {
      List<Document> documents = new ArrayList<>();
      for (String agent : agentHashes(identifier)) {
        try (PreparedStatement p = c.prepareStatement("SELECT resource, activity_id, registration, document_id, "
            + "content_type, content, updated_millis FROM xapi_documents WHERE " + AGENT_SCOPED
            + " ORDER BY updated_millis, document_id")) {
          p.setString(1, tenant);
          p.setString(2, agent);
          try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
              documents.add(new Document(DocumentResource.valueOf(r.getString(1)), r.getString(2), r.getString(3),
                  r.getString(4), r.getString(5), r.getBytes(6), Instant.ofEpochMilli(r.getLong(7))));
            }
          }
        }
      }
      return documents;
    });
  }

  /** {@code agent_sha256} of each identifier the person goes by, as the document resources compute it. */
  static List<String> agentHashes(ActorIdentifier identifier) {
    return SamePerson.identifiersOf(identifier).stream()
        .map(id -> DocumentAddress.sha256(ActorKey.identifier(agentOf(id)))).toList();
  }

  /** The agent object that has {@code id} as its identifier. */
  private static ObjectNode agentOf(ActorIdentifier id) {
    ObjectNode agent = JsonNodeFactory.instance.objectNode();
    String value = id.canonical().substring(id.canonical().indexOf(':') + 1);
    switch (id.kind()) {
      case "account" -> agent.putObject("account").put("homePage", id.mentions().get(0))
          .put("name", id.mentions().get(1));
      case "mbox", "mbox_sha1sum", "openid" -> agent.put(id.kind(), value);
      default -> throw new IllegalArgumentException("an identifier of kind " + id.kind() + " names no agent");
    }
    return agent;
  }
}
