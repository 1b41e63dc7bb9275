package org.learnstream.pipeline.clickhouse;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.learnstream.pipeline.kafka.ErasureRequest;

/**
 * Where an erasure is recorded for the job and for replay (the erasure ledger): before the first delete, the request
 * the erasure goes on with ({@link #apply}: the new one, or an unfinished one it resumes); after the deletes and before
 * the receipt, the same request naming the statements of other actors it deleted with the learner
 * ({@link #statementsErased}), since the event log keeps them and replay would otherwise bring them back.
 */
@FunctionalInterface
public interface ErasureRecording extends UnaryOperator<ErasureRequest> {

  /** Not recorded: an erasure without a ledger (tests of the tables alone). */
  ErasureRecording NONE = request -> request;

  /** Called only when the erasure deleted statements of other actors; recording nothing by default. */
  default void statementsErased(ErasureRequest withStatements) {
  }

  /**
   * Called after the deletes, before the receipt: what the recording deleted beside the tables (for the erasure ledger
   * with a running job, the raw statements the job has read), as the receipt's rows per store; nothing by default.
   */
  default Map<String, Long> deletedBesideTables(ErasureRequest request) {
    return Map.of();
  }
}
