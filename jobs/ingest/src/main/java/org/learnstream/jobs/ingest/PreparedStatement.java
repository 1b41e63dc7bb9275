package org.learnstream.jobs.ingest;

import java.util.List;
import org.learnstream.pipeline.records.SealedStatements;
import org.learnstream.pipeline.xapi.SealingFacts;

/**
 * A statement ready for Kafka: its id, its record key ({@code tenant|actor IFI}), the JSON as accepted
 * (with id, stored, authority set) and the fingerprint used to tell a repeat from a conflict.
 *
 * @param fingerprint the content fingerprint; null when the server chose the id
 * @param idFromClient whether the client chose the id (only those can be sent again or collide)
 * @param sealed the learner record {@code json} is sealed under and the statement's event time (then it holds the
 *     sealed bytes, and the key names the record, not the actor); null for a statement in the clear
 * @param facts the actor and event time read from the tree the statement was validated as, so that sealing it needs
 *     no second parse; null for a statement that did not come through {@link StatementBatchPreparer}
 * @param definitions the activities the statement defines, from the same tree; empty for a statement that did not
 *     come through {@link StatementBatchPreparer}
 */
public record PreparedStatement(
    String id, String key, byte[] json, StatementFingerprint fingerprint, boolean idFromClient,
    SealedStatements.Seal sealed, SealingFacts facts, List<DefinedActivity> definitions) {

  /** A statement in the clear. */
  public PreparedStatement(String id, String key, byte[] json, StatementFingerprint fingerprint,
      boolean idFromClient) {
    this(id, key, json, fingerprint, idFromClient, null, null, List.of());
  }

  /** This statement as it is written sealed: {@code sealedJson} under {@code seal}, with the key naming the record. */
  public PreparedStatement sealedAs(String recordKey, byte[] sealedJson, SealedStatements.Seal seal) {
    return new PreparedStatement(id, recordKey, sealedJson, fingerprint, idFromClient, seal, facts, definitions);
  }
}
