package org.learnstream.pipeline.records;

import java.time.Instant;
import java.util.UUID;

/**
 * What erasing a learner record deleted, for the receipt: the record's id and pseudonym (to find what was derived
 * under them) and when it had been created. The data key is gone and is not part of it.
 */
public record ErasedLearnerRecord(String tenant, UUID id, String pseudonym, Instant created) {

  static ErasedLearnerRecord of(LearnerRecord record) {
    return new ErasedLearnerRecord(record.tenant(), record.id(), record.pseudonym(), record.created());
  }
}
