package org.learnstream.jobs.ingest;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.learnstream.pipeline.records.ErasedLearnerRecord;
import org.learnstream.pipeline.records.RecordErasure;
import org.learnstream.pipeline.xapi.ActorIdentifier;

/**
 * What an erasure deleted in the documents database before any ClickHouse row: the person's learner records first,
 * so that nothing sealed under them opens from then on, then their State and Agent Profile documents, then the
 * attachment content that only the statements the erasure deletes name. Records and documents are found by the
 * actor's identifier; a pseudonym leads to the record that carries it, not to documents.
 *
 * @param records      the learner records' part: its sentence and receipt row
 * @param documents    the documents' sentence, as receipts print it
 * @param documentRows the documents' store and how many were deleted; empty when they were not reached
 */
public record DocumentsErasure(RecordErasure records, String documents, Map<String, Long> documentRows) {

  /** Why an erasure by pseudonym deletes no document, as receipts print it. */
  public static final String BY_PSEUDONYM = "not reached: a pseudonym does not lead to the documents an LMS wrote "
      + "under the actor's identifier; erase by the identifier";

  /** Reads and deletes a person's records and documents. */
  public interface Eraser {

    /**
     * The pseudonyms of the person's learner records by canonical identifier, read before anything is erased: the
     * job names the person by them in the rows it derives.
     */
    Map<String, String> recordPseudonyms(String tenant, ActorIdentifier identifier) throws SQLException;

    /**
     * Deletes the person's records and documents, by {@code identifier} or, when it is empty, the record that
     * carries {@code pseudonym}, and the attachment content kept under {@code attachments} (lower-case SHA-2s);
     * fails, having deleted nothing, when the database does not answer.
     */
    DocumentsErasure erase(String tenant, Optional<ActorIdentifier> identifier, String pseudonym,
        Set<String> attachments) throws SQLException;
  }

  /** An erasure by pseudonym without learner records: neither records nor documents can be found. */
  public static DocumentsErasure byPseudonym() {
    return new DocumentsErasure(RecordErasure.notReached(ErasedLearnerRecord.BY_PSEUDONYM), BY_PSEUDONYM, Map.of());
  }

  /** Neither records nor documents reached, for the reason {@code why}. */
  public static DocumentsErasure notReached(String why) {
    return new DocumentsErasure(RecordErasure.notReached(why), why, Map.of());
  }

  /** The rows for the person's first receipt: the records', then the documents'. */
  public Map<String, Long> receiptRows() {
    Map<String, Long> rows = new LinkedHashMap<>(records.receiptRows());
    rows.putAll(documentRows);
    return rows;
  }
}
