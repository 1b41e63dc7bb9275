package org.learnstream.pipeline.records;

import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/** Finds a learner record by tenant and id; {@link LearnerRecordStore#findById} is one. */
@FunctionalInterface
public interface RecordFinder {

  /** The record, or empty when it is gone (its learner was erased) or never was. */
  Optional<LearnerRecord> findById(String tenant, UUID id) throws SQLException;
}
