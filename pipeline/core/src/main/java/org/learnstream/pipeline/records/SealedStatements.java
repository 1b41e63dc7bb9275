package org.learnstream.pipeline.records;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.learnstream.pipeline.kafka.RecordKeys;
import org.learnstream.pipeline.xapi.StatementSize;
import org.learnstream.pipeline.xapi.Violation;

/**
 * How a statement sealed under its learner's record travels on {@code xapi.statements}: the sealed bytes as the
 * value, the record id and the statement's event time in the binary {@link #SEAL_HEADER} header (the source's
 * watermarks need the time before anything is opened), and the key {@code tenant|record:<id>}, which keeps a learner's
 * statements on one partition in order without naming them. A record without a seal header is a statement in the
 * clear, as producers other than the endpoint write it.
 *
 * <p>Records written before the binary header carry the same two facts as text in {@link #RECORD_HEADER} and
 * {@link #EVENT_TIME_HEADER}; they are still read. One binary header costs the producer and the broker, which parse
 * every record's headers when they validate a batch, one key and no text per record instead of two keys and two
 * texts.
 */
public final class SealedStatements {

  /** Kafka header of a sealed statement: the record id (16 bytes, big-endian) then the event time (8 bytes). */
  public static final String SEAL_HEADER = "learnstream-seal";
  /** The id of the learner record as text: the header of records written before {@link #SEAL_HEADER}. */
  public static final String RECORD_HEADER = "learnstream-record";
  /** The event time as decimal text: the header of records written before {@link #SEAL_HEADER}. */
  public static final String EVENT_TIME_HEADER = "learnstream-event-time";
  /** The purpose a statement is sealed for, part of the seal's associated data. */
  public static final String PURPOSE = "xapi.statement";

  private static final int SEAL_HEADER_BYTES = 16 + 8;

  /**
   * The largest sealed statement {@link StatementSize}'s limits allow: its bytes as stored, under one layer per person
   * it may name besides its actor, and the actor's.
   */
  public static final int MAX_BYTES = StatementSize.MAX_BYTES
      + (StatementSize.MAX_PEOPLE + 1) * LearnerSeal.LAYER_BYTES;

  private SealedStatements() {
  }

  /** The violation of a sealed statement of {@code bytes} bytes at {@code path}, if over {@link #MAX_BYTES}. */
  public static Optional<Violation> checkSize(String path, int bytes) {
    return bytes <= MAX_BYTES
        ? Optional.empty()
        : Optional.of(new Violation(path, StatementSize.RULE, "sealed, has " + bytes + " bytes; a sealed statement may "
            + "have at most " + MAX_BYTES));
  }

  /** The record key of a statement sealed under {@code record}. */
  public static String key(LearnerRecord record) {
    // one concatenation rather than RecordKeys.of's join: built for every sealed statement
    return record.tenant() + RecordKeys.SEPARATOR + "record:" + record.id();
  }

  /**
   * What a sealed statement's headers say.
   *
   * @param record the id of the learner record the value is sealed under
   * @param eventTimeMillis the statement's event time ({@code StatementTimestamps.eventTime} of its JSON)
   */
  public record Seal(UUID record, long eventTimeMillis) {

    public void writeTo(Headers headers) {
      headers.add(SEAL_HEADER, ByteBuffer.allocate(SEAL_HEADER_BYTES)
          .putLong(record.getMostSignificantBits())
          .putLong(record.getLeastSignificantBits())
          .putLong(eventTimeMillis)
          .array());
    }
  }

  /** The record id of a sealed statement's headers; null for a statement in the clear. */
  public static String recordOf(Headers headers) {
    ByteBuffer seal = sealHeader(headers);
    if (seal != null) {
      return new UUID(seal.getLong(0), seal.getLong(8)).toString();
    }
    Header header = headers.lastHeader(RECORD_HEADER);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
  }

  /** The event time of a sealed statement's headers; {@code orElse} when they carry none that can be read. */
  public static long eventTimeOf(Headers headers, long orElse) {
    ByteBuffer seal = sealHeader(headers);
    if (seal != null) {
      return seal.getLong(16);
    }
    Header header = headers.lastHeader(EVENT_TIME_HEADER);
    if (header == null || header.value() == null) {
      return orElse;
    }
    try {
      return Long.parseLong(new String(header.value(), StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      return orElse;
    }
  }

  // a seal header of another length is not one this version wrote: the text headers, if any, are read instead
  private static ByteBuffer sealHeader(Headers headers) {
    Header header = headers.lastHeader(SEAL_HEADER);
    return header == null || header.value() == null || header.value().length != SEAL_HEADER_BYTES
        ? null
        : ByteBuffer.wrap(header.value());
  }
}
