package org.learnstream.pipeline.records;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What erasing a learner record deleted, for the receipt: the record's id and pseudonym (to find what was derived
 * under them) and when it had been created. The data key is gone and is not part of it.
 */
public record ErasedLearnerRecord(String tenant, UUID id, String pseudonym, Instant created) {

  /** What an erasure leaves for retention to remove, as receipts print it. */
  public static final String NOT_REACHED = "of the statements written to xapi.statements in the clear (by producers "
      + "other than the endpoint), those the job had not read when the erasure ran, and of the dead letters in "
      + "dead.letters, those of a transaction the job had not committed then or that a consumer group of the topic had "
      + "not read, or all of both when it ran without the job, stay until the next erasure or their retention (the "
      + "job and replay leave the statements out)";

  /** Why an erasure by pseudonym deletes no learner record without the records' database, as receipts print it. */
  public static final String BY_PSEUDONYM = "not reached: without the learner records a pseudonym does not lead to "
      + "one; erase by the actor's identifier";

  /** For a receipt: how many records were deleted and their ids, and what that means. */
  public static String summary(List<ErasedLearnerRecord> erased) {
    if (erased.isEmpty()) {
      return "none held (no statement of theirs was sealed or normalised under a record)";
    }
    return erased.size() + " deleted (" + erased.stream().map(r -> "record " + r.id()).collect(Collectors.joining(
        ", ")) + "): the statements sealed under them can no longer be opened";
  }

  static ErasedLearnerRecord of(LearnerRecord record) {
    return new ErasedLearnerRecord(record.tenant(), record.id(), record.pseudonym(), record.created());
  }
}
