package org.learnstream.jobs.notify;

import java.sql.SQLException;
import java.util.Optional;
import org.learnstream.pipeline.records.RecordFinder;
import org.learnstream.pipeline.kafka.RecordNamed;
import org.learnstream.schemas.Alert;

/**
 * Names the learner of an alert read from the topic {@code alerts}, where a job with learner records names them by
 * the record alone ({@link RecordNamed}): the record's pseudonym is put back, as the subscriptions, the learner
 * directory and the webhook's payload know the learner by it.
 */
@FunctionalInterface
public interface AlertLearners {

  /** Alerts as the topic has them; one that names its learner by record cannot be delivered and fails the notifier. */
  AlertLearners WITHOUT_RECORDS = alert -> {
    if (RecordNamed.namedByRecord(alert)) {
      throw new IllegalStateException("alert " + alert.getAlertId() + " names its learner by learner record: the "
          + "notifier needs the learner records' database (documents.url, or runtime.data-dir for the embedded one)");
    }
    return Optional.of(alert);
  };

  /**
   * {@code alert} naming its learner by pseudonym; empty when the record it names is gone, since the learner was
   * erased: nothing is delivered about them.
   */
  Optional<Alert> named(Alert alert) throws SQLException;

  /** The learners of record-named alerts found in {@code records} (the learner records' store). */
  static AlertLearners from(RecordFinder records) {
    return alert -> RecordNamed.namedByRecord(alert)
        ? records.findById(alert.getTenant(), RecordNamed.recordOf(alert))
            .map(record -> RecordNamed.withPseudonym(alert, record.pseudonym()))
        : Optional.of(alert);
  }
}
