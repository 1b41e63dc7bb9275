package org.learnstream.pipeline.records;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.learnstream.pipeline.kafka.RecordKeys;

/**
 * How a statement sealed under its learner's record travels on {@code xapi.statements}: the sealed bytes as the
 * value, the record id in the {@link #RECORD_HEADER} header, the statement's event time in the
 * {@link #EVENT_TIME_HEADER} header (the source's watermarks need it before anything is opened), and the key
 * {@code tenant|record:<id>}, which keeps a learner's statements on one partition in order without naming them. A
 * record without the record header is a statement in the clear, as producers other than the endpoint write it.
 */
public final class SealedStatements {

  /** Kafka header holding the id of the learner record the value is sealed under. */
  public static final String RECORD_HEADER = "learnstream-record";
  /** Kafka header holding the sealed statement's event time, epoch milliseconds as decimal text. */
  public static final String EVENT_TIME_HEADER = "learnstream-event-time";
  /** The purpose a statement is sealed for, part of the seal's associated data. */
  public static final String PURPOSE = "xapi.statement";

  private SealedStatements() {
  }

  /** The record key of a statement sealed under {@code record}. */
  public static String key(LearnerRecord record) {
    return RecordKeys.of(record.tenant(), "record:" + record.id());
  }

  /**
   * What a sealed statement's headers say.
   *
   * @param record the id of the learner record the value is sealed under
   * @param eventTimeMillis the statement's event time ({@code StatementTimestamps.eventTime} of its JSON)
   */
  public record Seal(UUID record, long eventTimeMillis) {

    public void writeTo(Headers headers) {
      headers.add(RECORD_HEADER, record.toString().getBytes(StandardCharsets.US_ASCII));
      headers.add(EVENT_TIME_HEADER, Long.toString(eventTimeMillis).getBytes(StandardCharsets.US_ASCII));
    }
  }

  /** The record id of a sealed statement's headers; null for a statement in the clear. */
  public static String recordOf(Headers headers) {
    Header header = headers.lastHeader(RECORD_HEADER);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
  }

  /** The event time of a sealed statement's headers; {@code orElse} when they carry none that can be read. */
  public static long eventTimeOf(Headers headers, long orElse) {
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
}
