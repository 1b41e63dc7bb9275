package org.learnstream.pipeline.kafka;

import org.learnstream.schemas.Alert;
import org.learnstream.schemas.DeadLetter;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

/**
 * Kafka record keys (DESIGN section 3): they decide the partition, and so which records stay in order
 * relative to each other.
 */
public final class RecordKeys {

  public static final char SEPARATOR = '|';

  private RecordKeys() {
  }

  public static String of(String... parts) {
    return String.join(String.valueOf(SEPARATOR), parts);
  }

  /**
   * tenant|learner: all events of one learner in one partition, in order; for an event the log names by its learner
   * record alone ({@code SealedEvents.forLog}), tenant|record:id, as {@code xapi.statements} keys its statements.
   */
  public static String learningEvent(LearningEvent event) {
    return of(event.getTenant(), RecordNamed.keyPart(event));
  }

  /** tenant|learner|skill; for an update the topic names by its learner record alone, tenant|record:id|skill. */
  public static String masteryUpdate(MasteryUpdate update) {
    return of(update.getTenant(), RecordNamed.keyPart(update), update.getSkill());
  }

  /** tenant|learner; for an alert the topic names by its learner record alone, tenant|record:id. */
  public static String alert(Alert alert) {
    return of(alert.getTenant(), RecordNamed.keyPart(alert));
  }

  /** The stage that rejected the input. */
  public static String deadLetter(DeadLetter letter) {
    return letter.getOrigin();
  }

  /** The tenant of a {@code tenant|...} key: the part before the first separator, or the whole key. */
  public static String tenantOf(String key) {
    if (key == null) {
      return null;
    }
    int bar = key.indexOf(SEPARATOR);
    return bar < 0 ? key : key.substring(0, bar);
  }
}
