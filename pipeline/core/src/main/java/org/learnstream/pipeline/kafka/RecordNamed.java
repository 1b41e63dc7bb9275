package org.learnstream.pipeline.kafka;

import java.util.UUID;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * How a Kafka topic names a learner by their learner record alone: {@code learner} empty and {@code learnerRecord}
 * the record's id, where the job names them by the record's pseudonym. The pseudonym is put back where the topic is
 * read, from the record, for as long as it exists; once it is erased, what the topic keeps names nobody and leads to
 * no copy of the learner's derived rows. For the Avro records that carry both fields: {@code LearningEvent} (the
 * event log), {@code MasteryUpdate} ({@code mastery.updates}) and {@code Alert} ({@code alerts}).
 */
public final class RecordNamed {

  private static final String LEARNER = "learner";
  private static final String RECORD = "learnerRecord";
  /** The {@code learner} of a record named by its learner record alone. */
  public static final String NO_PSEUDONYM = "";

  private RecordNamed() {
  }

  /** A copy of {@code named} (which the caller may still hand on) naming its learner by {@code record} alone. */
  public static <T extends SpecificRecordBase> T byRecord(T named, UUID record) {
    T copy = AvroRecords.copy(named);
    copy.put(LEARNER, NO_PSEUDONYM);
    copy.put(RECORD, record.toString());
    return copy;
  }

  /** Whether {@code element} names its learner by its learner record alone. */
  public static boolean namedByRecord(SpecificRecordBase element) {
    return element.get(RECORD) != null && NO_PSEUDONYM.contentEquals((CharSequence) element.get(LEARNER));
  }

  /** The learner's part of {@code element}'s Kafka key: its pseudonym, or {@code record:<id>} when named by record. */
  static String keyPart(SpecificRecordBase element) {
    return namedByRecord(element) ? "record:" + element.get(RECORD) : element.get(LEARNER).toString();
  }

  /** The learner record {@code element} names its learner by; refused when it names none, or not as a UUID. */
  public static UUID recordOf(SpecificRecordBase element) {
    Object id = element.get(RECORD);
    if (id == null) {
      throw new IllegalArgumentException(element.getSchema().getName() + " names no learner record");
    }
    return UUID.fromString(id.toString());
  }

  /** A copy of {@code element} naming its learner by {@code pseudonym}, the record's; the record id stays. */
  public static <T extends SpecificRecordBase> T withPseudonym(T element, String pseudonym) {
    T copy = AvroRecords.copy(element);
    copy.put(LEARNER, pseudonym);
    return copy;
  }
}
