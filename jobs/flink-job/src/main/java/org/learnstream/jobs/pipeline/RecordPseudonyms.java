package org.learnstream.jobs.pipeline;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.xapi.LearnerPseudonyms;

/**
 * The people of one statement named by their learner records' random pseudonyms: the actor by the record the statement
 * was sealed under, or for a statement in the clear by the record their identifier resolves to (created on first use,
 * as the endpoint creates it); a person named as the object by theirs. The records of every other person the statement
 * names are kept for sealing its text under them ({@link #mentionedRecords}). Once a record is erased, its pseudonym
 * links to nobody, and the identifier's next statement starts a new record with a new pseudonym.
 *
 * <p>A statement dated or stored at or before the erasure of the identifier's previous record belongs to the erased
 * learner ({@link LearnerRecord#predatesErasure}), also when it came sealed under the new record (sent back-dated
 * after the erasure): it is refused with {@link Erased}, as a sealed statement of an erased record is, so neither a
 * device clock nor a late delivery brings the erased past back. A database that does not answer is {@link Unanswered}.
 */
final class RecordPseudonyms implements LearnerPseudonyms {

  /** The statement names a learner who was erased after it was stored. */
  static final class Erased extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Erased() {
      super("the statement names a learner erased after it was dated or stored", null, false, false);
    }
  }

  /** The records' database did not answer. */
  static final class Unanswered extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unanswered(SQLException cause) {
      super(cause.getMessage(), cause, false, false);
    }

    SQLException sqlException() {
      return (SQLException) getCause();
    }
  }

  private final LearnerRecordStore store;
  private final LearnerRecord sealedUnder;
  private LearnerRecord actor;
  private LearnerRecord object;
  private final Map<String, LearnerRecord> others = new HashMap<>();
  private final List<LearnerRecord> mentioned = new ArrayList<>();

  /** @param sealedUnder the record the statement was sealed under (its actor's), or null for one in the clear */
  RecordPseudonyms(LearnerRecordStore store, LearnerRecord sealedUnder) {
    this.store = store;
    this.sealedUnder = sealedUnder;
  }

  @Override
  public String actor(String tenant, String canonicalIfi, long datedMillis) {
    if (sealedUnder == null) {
      actor = recordOf(tenant, canonicalIfi, datedMillis);
    } else if (sealedUnder.predatesErasure(datedMillis)) {
      throw new Erased();
    } else {
      actor = sealedUnder;
    }
    return actor.pseudonym();
  }

  @Override
  public String named(String tenant, String canonicalIfi, long datedMillis) {
    object = otherRecord(tenant, canonicalIfi, datedMillis);
    return object.pseudonym();
  }

  @Override
  public void mentioned(String tenant, String canonicalIfi, long datedMillis) {
    mentioned.add(otherRecord(tenant, canonicalIfi, datedMillis));
  }

  /** The actor's record, once the statement was normalised. */
  LearnerRecord actorRecord() {
    return actor;
  }

  /** The record of the person the statement has as its object ({@link #named}); null when its object is none. */
  LearnerRecord objectRecord() {
    return object;
  }

  /**
   * The records of the other people the statement names ({@link #mentioned}), once it was normalised: its text is
   * sealed under them too. The actor's own record (the same person under two identifiers) is left out.
   */
  List<LearnerRecord> mentionedRecords() {
    return mentioned.stream().filter(r -> !r.equals(actor)).distinct().toList();
  }

  // a person named twice (as the object and a group member, say) is looked up once
  private LearnerRecord otherRecord(String tenant, String canonicalIfi, long datedMillis) {
    LearnerRecord record = others.get(canonicalIfi);
    if (record == null) {
      record = recordOf(tenant, canonicalIfi, datedMillis);
      others.put(canonicalIfi, record);
    }
    return record;
  }

  private LearnerRecord recordOf(String tenant, String canonicalIfi, long datedMillis) {
    Optional<LearnerRecord> record;
    try {
      record = store.resolveAsOf(tenant, canonicalIfi, datedMillis);
    } catch (SQLException e) {
      throw new Unanswered(e);
    }
    return record.orElseThrow(Erased::new);
  }
}
