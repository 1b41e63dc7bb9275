package org.learnstream.jobs.pipeline;

import java.io.Serializable;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import org.learnstream.pipeline.records.JdbcRecordTransactions;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.records.LearnerSeal;
import org.learnstream.pipeline.records.SealException;

/**
 * One operator's own way to the learner records, for the operators that open or seal under them (the normaliser, and
 * the event log's {@link SealEventLog} and {@link OpenEventLog}): a connection of its own, opened with the operator
 * and closed with it, the store on it (records cached as {@link LearnerRecordStore} caches them) and a seal.
 */
final class OperatorRecords implements Serializable {

  private static final long serialVersionUID = 1L;

  /** How often an operator that resolves identifiers looks whether a learner was erased elsewhere, by default. */
  static final Duration ERASURE_CHECKS = Duration.ofSeconds(1);

  private final LearnerRecordAccess access;
  /** What the operator reads again after a restart, for messages: "statement" or "event". */
  private final String unit;
  private transient JdbcRecordTransactions connection;
  private transient LearnerRecordStore store;
  private transient LearnerSeal seal;
  private transient long epoch;
  private transient long epochReadNanos;

  private final long erasureCheckNanos;

  /** @param access where the records are; null: the job names no records database */
  OperatorRecords(LearnerRecordAccess access, String unit) {
    this(access, unit, ERASURE_CHECKS);
  }

  /** @param erasureChecks how often {@link #forgetErasedSince} reads the erasure epoch at most */
  OperatorRecords(LearnerRecordAccess access, String unit, Duration erasureChecks) {
    this.access = access;
    this.unit = unit;
    this.erasureCheckNanos = erasureChecks.toNanos();
  }

  /** From the operator's {@code open}. */
  void open() {
    // a cipher kept ready for each record the store keeps cached (about 1 KB each): a learner whose record is found
    // without the database also opens without expanding the key again (LearnerSeal's default keeps fewer)
    seal = new LearnerSeal(new SecureRandom(), LearnerRecordStore.DEFAULT_CACHE_CAPACITY);
    if (access != null) {
      connection = access.transactions();
      store = new LearnerRecordStore(connection, Pseudonyms.fromEnvironment());
      epochReadNanos = System.nanoTime() - erasureCheckNanos;
    }
  }

  /** From the operator's {@code close}. */
  void close() {
    if (connection != null) {
      connection.close();
    }
  }

  /**
   * Forgets the cached records when a learner was erased since the last look, looking at most once a second by
   * default (one primary-key read): a record erased by another process is used here for at most that long, not for
   * the cache's age. From an operator that resolves identifiers to records, before each element.
   */
  void forgetErasedSince() {
    if (store == null || System.nanoTime() - epochReadNanos < erasureCheckNanos) {
      return;
    }
    long now;
    try {
      now = store.erasureEpoch();
    } catch (SQLException e) {
      throw notAnswering(e);
    }
    if (now != epoch) {
      store.forgetCached();
      epoch = now;
    }
    epochReadNanos = System.nanoTime();
  }

  /** The records' store; null when the job names no records database. */
  LearnerRecordStore store() {
    return store;
  }

  /** The store to open bytes sealed under record {@code sealedUnder} with; refused when the job has none. */
  LearnerRecordStore storeFor(String sealedUnder) throws SealException {
    if (store == null) {
      throw new SealException(SealException.Reason.NO_RECORD_STORE, "sealed under learner record " + sealedUnder
          + ", but the job has no learner record store (set documents.url or runtime.data-dir)");
    }
    return store;
  }

  LearnerSeal seal() {
    return seal;
  }

  /** Fails the operator: what it was reading is read again after the restart rather than lost or passed on. */
  IllegalStateException notAnswering(SQLException e) {
    return new IllegalStateException("the learner record store " + access + " did not answer (SQLSTATE "
        + e.getSQLState() + "); the " + unit + " is read again after the restart", e);
  }
}
