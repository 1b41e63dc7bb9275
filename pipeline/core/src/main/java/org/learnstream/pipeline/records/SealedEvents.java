package org.learnstream.pipeline.records;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.learnstream.pipeline.kafka.AvroRecords;
import org.learnstream.schemas.LearningEvent;

/**
 * How the statement text of a {@link LearningEvent} travels in the event log {@code learning.events}: an event whose
 * statement came sealed under a learner record ({@code learnerRecord} set) is written with its text sealed under the
 * same record ({@code sealedStatement}, {@code statementJson} null), and read back with the text opened again. Events
 * of statements that came in the clear pass both ways unchanged. The purpose {@link #PURPOSE} differs from the raw
 * topic's, so sealed bytes of one topic do not open as the other's.
 */
public final class SealedEvents {

  /** The purpose a statement is sealed for in the event log, part of the seal's associated data. */
  public static final String PURPOSE = "learning.events";

  /** Finds a learner record by tenant and id; {@link LearnerRecordStore#findById} is one. */
  @FunctionalInterface
  public interface RecordFinder {
    Optional<LearnerRecord> findById(String tenant, UUID id) throws SQLException;
  }

  private SealedEvents() {
  }

  /** Whether {@code event} carries statement text to seal for the event log. */
  public static boolean toSeal(LearningEvent event) {
    return event.getLearnerRecord() != null && event.getStatementJson() != null;
  }

  /** Whether {@code event}, as read from the event log, carries sealed statement text. */
  public static boolean isSealed(LearningEvent event) {
    return event.getSealedStatement() != null;
  }

  /**
   * A copy of {@code event} with its statement text sealed under {@code record}: {@code statementJson} null,
   * {@code sealedStatement} set. A copy, because with object reuse the same instance goes on to the projections.
   */
  public static LearningEvent sealed(LearningEvent event, LearnerRecord record, LearnerSeal seal) {
    LearningEvent copy = AvroRecords.copy(event);
    byte[] text = event.getStatementJson().getBytes(StandardCharsets.UTF_8);
    copy.setSealedStatement(ByteBuffer.wrap(seal.seal(record, PURPOSE, text)));
    copy.setStatementJson(null);
    return copy;
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
    byte[] text = seal.open(record.get(), PURPOSE, sealedBytes(event));
    LearningEvent copy = AvroRecords.copy(event);
    copy.setStatementJson(new String(text, StandardCharsets.UTF_8));
    copy.setSealedStatement(null);
    return copy;
  }

  private static UUID recordId(LearningEvent event) throws SealException {
    String id = event.getLearnerRecord();
    if (id == null) {
      throw new SealException(SealException.Reason.MALFORMED, "the event's statement is sealed but its "
          + "learnerRecord is missing");
    }
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new SealException(SealException.Reason.MALFORMED, "the event's learnerRecord must be a UUID");
    }
  }

  private static byte[] sealedBytes(LearningEvent event) {
    ByteBuffer buffer = event.getSealedStatement().duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
