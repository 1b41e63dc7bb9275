package org.learnstream.pipeline.xapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The event time of a raw statement, read before (and without) normalising it, so a Kafka source can generate
 * watermarks per partition. It agrees with {@link StatementNormalizer}: the statement's {@code timestamp}, else its
 * {@code stored}, else the time it was received (the Kafka record timestamp). Only top-level fields are read, by a
 * byte scan ({@link TopLevelTimes}) or, for input outside its plain subset of JSON, a streaming parser; nested
 * objects are skipped without building a tree, and reading stops at a valid {@code timestamp}.
 *
 * <p>A statement that is not a JSON object gets {@link #NONE}: it must not move event time (a watermark
 * strategy ignores Long.MIN_VALUE, and a Kafka sink then stamps the dead letter with the time it writes it).
 */
public final class StatementTimestamps {

  private static final JsonFactory JSON = new JsonFactory();

  /** No event time: Flink's TimestampAssigner.NO_TIMESTAMP. */
  public static final long NONE = Long.MIN_VALUE;

  private StatementTimestamps() {
  }

  /**
   * Event time in epoch millis: timestamp, else stored, else {@code receivedMillis}; {@link #NONE} when the bytes
   * are not a JSON object.
   */
  public static long eventTime(byte[] json, long receivedMillis) {
    if (json == null || json.length == 0) {
      return NONE;
    }
    TopLevelTimes scan;
    try {
      scan = TopLevelTimes.scan(json);
    } catch (RuntimeException e) {
      return parsed(json, receivedMillis);
    }
    if (scan.decided) {
      return scan.timestamp != Long.MIN_VALUE
          ? scan.timestamp
          : scan.stored != Long.MIN_VALUE ? scan.stored : receivedMillis;
    }
    return parsed(json, receivedMillis);
  }

  /** The same reading with a streaming parser, for input the byte scan leaves undecided (and to test the scan). */
  static long parsed(byte[] json, long receivedMillis) {
    long stored = Long.MIN_VALUE;
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return NONE;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (value == JsonToken.VALUE_STRING && "timestamp".equals(name)) {
          long timestamp = XapiSyntax.timestampMillis(p.getText());
          if (timestamp != Long.MIN_VALUE) {
            return timestamp;
          }
        } else if (value == JsonToken.VALUE_STRING && "stored".equals(name)) {
          stored = XapiSyntax.timestampMillis(p.getText());
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      return NONE;
    }
    return stored != Long.MIN_VALUE ? stored : receivedMillis;
  }

  /**
   * {@link #eventTime}, but at most {@code maxAheadMillis} after {@code receivedMillis}: the time a record carries
   * through the job (watermarks, Kafka record timestamps). A statement dated further ahead is processed with its own
   * timestamp as event time; it only must not move the watermark ahead of every other statement, nor give the
   * event log a record timestamp that brokers refuse (message.timestamp.after.max.ms, 1 h by default).
   */
  public static long eventTime(byte[] json, long receivedMillis, long maxAheadMillis) {
    return atMostAhead(eventTime(json, receivedMillis), receivedMillis, maxAheadMillis);
  }

  /**
   * What a statement is dated by when it is held against a learner's erasure: the earlier of its event time and its
   * {@code stored} time. At or before the erasure it belongs to the erased learner, so that neither a device clock
   * running ahead nor a statement sent back-dated after the erasure brings their past back. The job drops such a
   * statement and the endpoint refuses it, both by this one reading.
   */
  public static long dated(long eventTimeMillis, long storedMillis) {
    return Math.min(eventTimeMillis, storedMillis);
  }

  /** {@code eventTime}, but at most {@code maxAheadMillis} after {@code receivedMillis} (see above). */
  public static long atMostAhead(long eventTime, long receivedMillis, long maxAheadMillis) {
    return eventTime != NONE && eventTime - receivedMillis > maxAheadMillis
        ? receivedMillis + maxAheadMillis
        : eventTime;
  }
}
