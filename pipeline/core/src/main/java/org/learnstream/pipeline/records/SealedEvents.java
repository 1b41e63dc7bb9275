package org.learnstream.pipeline.records;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.learnstream.pipeline.kafka.AvroRecords;
import org.learnstream.pipeline.kafka.RecordNamed;
import org.learnstream.schemas.LearningEvent;

/**
 * How the statement text of a {@link LearningEvent} travels in the event log {@code learning.events}: an event whose
 * statement came sealed under a learner record ({@code learnerRecord} set) is written with its text sealed under the
 * same record ({@code sealedStatement}, {@code statementJson} null), and read back with the text opened again. Events
 * of statements that came in the clear pass both ways unchanged.
 *
 * <p>The sealed text is the statement as it arrived on {@code xapi.statements}, sealed for that topic's purpose
 * ({@link SealedStatements#PURPOSE}): {@code statementJson} is exactly the raw record's bytes as text, so the
 * normaliser hands the envelope it opened on to the log ({@link #carrying}) and nothing is looked up or sealed a
 * second time. Logs written before were sealed for {@link #EARLIER_PURPOSE}; they open too.
 *
 * <p>Such an event also names its learner in the log by the record alone: its {@code learner} is written empty and
 * put back from the record when it is read ({@link #opened}), since the learner's pseudonym is the record's; a person
 * the statement has as its object ({@code objectRecord} set) is named so too, {@code objectId} empty. So once the
 * record is erased the event log holds neither the learner's text nor the pseudonym their derived rows carried,
 * and nothing in it links to a copy of those rows. Logs written before keep the pseudonyms in the fields; they are
 * kept as read.
 */
public final class SealedEvents {

  /**
   * The purpose the event log's statement text was sealed for before it carried the raw topic's envelope; such logs
   * are still read.
   */
  public static final String EARLIER_PURPOSE = "learning.events";

  private SealedEvents() {
  }

  /**
   * {@code event}, normalised from {@code sealed} (a raw statement's value, sealed under learner record
   * {@code record}), carrying that envelope beside its clear text for the event log.
   */
  public static LearningEvent carrying(LearningEvent event, UUID record, byte[] sealed) {
    event.setLearnerRecord(record.toString());
    event.setSealedStatement(ByteBuffer.wrap(sealed));
    return event;
  }

  /** Whether {@code event} carries statement text to seal for the event log: it names a record but has no envelope. */
  public static boolean toSeal(LearningEvent event) {
    return event.getLearnerRecord() != null && event.getStatementJson() != null && !isSealed(event);
  }

  /**
   * {@code event} as the event log holds it: without its clear text when it carries the sealed one. A copy, because
   * with object reuse the same instance goes on to the projections; it shares the envelope's bytes, which nothing
   * writes to.
   */
  public static LearningEvent forLog(LearningEvent event) {
    if (!isSealed(event) || event.getStatementJson() == null) {
      return event;
    }
    LearningEvent copy = withoutStatement(event);
    copy.setSealedStatement(event.getSealedStatement());
    return namedByRecords(copy);
  }

  /** {@code logged}, a copy, naming its learner, and a person as its object, by their records alone. */
  private static LearningEvent namedByRecords(LearningEvent logged) {
    logged.setLearner(RecordNamed.NO_PSEUDONYM);
    if (logged.getObjectRecord() != null) {
      logged.setObjectId(RecordNamed.NO_PSEUDONYM);
    }
    return logged;
  }

  /** A copy of {@code event} without its statement text, in the clear or sealed (neither is copied). */
  public static LearningEvent withoutStatement(LearningEvent event) {
    return AvroRecords.copyWithout(event, "statementJson", "sealedStatement");
  }

  /** Whether {@code event}, as read from the event log, carries sealed statement text. */
  public static boolean isSealed(LearningEvent event) {
    return event.getSealedStatement() != null;
  }

  /**
   * A copy of {@code event} with its statement text sealed under {@code record}, as the normaliser's envelope is:
   * {@code statementJson} null, {@code sealedStatement} set. For an event that names a record but came without the
   * envelope, so that its text never reaches the log in the clear.
   */
  public static LearningEvent sealed(LearningEvent event, LearnerRecord record, LearnerSeal seal) {
    byte[] text = event.getStatementJson().getBytes(StandardCharsets.UTF_8);
    return namedByRecords(carrying(withoutStatement(event), record.id(), seal.seal(record, SealedStatements.PURPOSE,
        text)));
  }

  /**
   * A copy of {@code event} with its sealed statement text opened into {@code statementJson}, the record found by
   * the event's {@code learnerRecord} in {@code records}. A record that is gone is
   * {@link SealException.Reason#RECORD_ERASED}; a record id that is not a UUID, or bytes sealed under another record,
   * for another tenant or purpose, or altered, are the other reasons.
   */
  public static LearningEvent opened(LearningEvent event, RecordFinder records, LearnerSeal seal)
      throws SealException, SQLException {
    UUID id = recordId(event);
    Optional<LearnerRecord> record = records.findById(event.getTenant(), id);
    if (record.isEmpty()) {
      throw new SealException(SealException.Reason.RECORD_ERASED, "learner record " + id + " of tenant "
          + event.getTenant() + " is gone (erased): the event's sealed statement cannot be opened");
    }
    byte[] text = open(record.get(), sealedBytes(event), records, seal);
    LearningEvent copy = withoutStatement(event);
    copy.setStatementJson(new String(text, StandardCharsets.UTF_8));
    if (RecordNamed.namedByRecord(event)) {
      copy.setLearner(record.get().pseudonym());
    }
    if (event.getObjectRecord() != null && event.getObjectId().isEmpty()) {
      copy.setObjectId(pseudonymOf(event.getTenant(), event.getObjectRecord(), records));
    }
    return copy;
  }

  /**
   * Opened for the raw topic's purpose, with the layers of the other people it names ({@link LearnerSeal#openLayers}),
   * or for the one logs were sealed for before (never layered); altered bytes open for neither.
   */
  private static byte[] open(LearnerRecord record, byte[] sealed, RecordFinder records, LearnerSeal seal)
      throws SealException, SQLException {
    try {
      return seal.openLayers(record, SealedStatements.PURPOSE, sealed, records);
    } catch (SealException e) {
      if (e.reason() != SealException.Reason.NOT_AUTHENTIC) {
        throw e;
      }
      try {
        return seal.open(record, EARLIER_PURPOSE, sealed);
      } catch (SealException notEarlierEither) {
        throw e;
      }
    }
  }

  /** The pseudonym of the object person's record; one that is gone means the person was erased. */
  private static String pseudonymOf(String tenant, String objectRecord, RecordFinder records)
      throws SealException, SQLException {
    UUID id = uuid(objectRecord, "objectRecord");
    return records.findById(tenant, id).map(LearnerRecord::pseudonym).orElseThrow(() -> new SealException(
        SealException.Reason.RECORD_ERASED,
        "the learner record " + id + " of the statement's object is gone (erased)"));
  }

  private static UUID recordId(LearningEvent event) throws SealException {
    String id = event.getLearnerRecord();
    if (id == null) {
      throw new SealException(SealException.Reason.MALFORMED, "the event's statement is sealed but its "
          + "learnerRecord is missing");
    }
    return uuid(id, "learnerRecord");
  }

  private static UUID uuid(String id, String field) throws SealException {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new SealException(SealException.Reason.MALFORMED, "the event's " + field + " must be a UUID");
    }
  }

  private static byte[] sealedBytes(LearningEvent event) {
    ByteBuffer buffer = event.getSealedStatement().duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
