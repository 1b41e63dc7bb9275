package org.learnstream.pipeline.kafka;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record of {@code xapi.statements} exactly as read, whatever its bytes: the input of the normalise
 * stage, which turns it into a LearningEvent or a DeadLetter pointing back at topic, partition and offset.
 *
 * <p>A Flink POJO (public no-arg constructor, public mutable fields), so Flink serialises it without Kryo.
 */
public class RawStatement {

  /** The tenant from the record key {@code tenant|actor}; null when the record has no key. */
  public String tenant;
  /** The record value, untouched (may be null for a tombstone). */
  public byte[] value;
  public String topic;
  public int partition;
  public long offset;
  /** The Kafka record timestamp in epoch milliseconds. */
  public long kafkaTimestamp;
  /** The learner record the value is sealed under (its id from the record's header); null: in the clear. */
  public String sealedUnder;
  /** A sealed statement's event time from the record's header (epoch milliseconds); unused in the clear. */
  public long sealedEventTime;

  public RawStatement() {
  }

  public RawStatement(String tenant, byte[] value, String topic, int partition, long offset, long kafkaTimestamp) {
    this.tenant = tenant;
    this.value = value;
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.kafkaTimestamp = kafkaTimestamp;
  }

  public RawStatement(String tenant, byte[] value, String topic, int partition, long offset, long kafkaTimestamp,
      String sealedUnder, long sealedEventTime) {
    this(tenant, value, topic, partition, offset, kafkaTimestamp);
    this.sealedUnder = sealedUnder;
    this.sealedEventTime = sealedEventTime;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawStatement that
        && partition == that.partition && offset == that.offset && kafkaTimestamp == that.kafkaTimestamp
        && Objects.equals(tenant, that.tenant) && Arrays.equals(value, that.value)
        && Objects.equals(topic, that.topic) && Objects.equals(sealedUnder, that.sealedUnder)
        && sealedEventTime == that.sealedEventTime;
  }

  @Override
  public int hashCode() {
    return Objects.hash(tenant, Arrays.hashCode(value), topic, partition, offset, kafkaTimestamp, sealedUnder);
  }

  @Override
  public String toString() {
    return "RawStatement{" + topic + "-" + partition + "@" + offset + ", tenant=" + tenant + ", "
        + (value == null ? "no value" : value.length + " bytes") + (sealedUnder == null ? "" : " sealed")
        + ", ts=" + kafkaTimestamp + "}";
  }
}
