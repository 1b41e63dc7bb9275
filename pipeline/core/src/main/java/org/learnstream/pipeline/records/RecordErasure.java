package org.learnstream.pipeline.records;

import java.util.List;
import java.util.Map;

/**
 * What an erasure did to the person's learner records: the sentence receipts print and, when the records were
 * reached, their count as a store of the receipt ({@link #STORE}), so the receipt table holds it next to the
 * ClickHouse tables' rows.
 *
 * @param receiptRows {@link #STORE} and the number of records deleted; empty when the records were not reached
 */
public record RecordErasure(String summary, Map<String, Long> receiptRows) {

  /** The store name of the learner records in a receipt: the table in the documents database. */
  public static final String STORE = "documents.learner_records";

  /** The records deleted. */
  public static RecordErasure of(List<ErasedLearnerRecord> erased) {
    return new RecordErasure(ErasedLearnerRecord.summary(erased), Map.of(STORE, (long) erased.size()));
  }

  /** No record was deleted because none could be reached, for the reason {@code why}. */
  public static RecordErasure notReached(String why) {
    return new RecordErasure(why, Map.of());
  }
}
