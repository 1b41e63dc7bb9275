package org.learnstream.pipeline.records;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Learner records of a writer's batches (the endpoint's), cached and checked against the store's erasure epoch
 * ({@link LearnerRecordStore#erasureEpoch}) once per batch: when the epoch moved since the cache was filled, the cache
 * is emptied before it is used. The epoch a batch checks against comes from a read that began after the batch asked;
 * batches asking while a read is under way share the next one ({@link SharedEpochReads}). An actor found in the cache costs no query; the others are resolved with one
 * {@link LearnerRecordStore#resolveAll} and added. So a batch that starts after an erase committed, in any process,
 * seals under a new record, as without a cache.
 *
 * <p>What remains is an erase that commits between a batch's epoch read and its publish: that batch still seals under
 * the erased record. The uncached path has the same window between its record read and its publish, so the cache
 * widens it by no more than the batch's own record lookups. A batch's resolved records join the cache only when the
 * epoch is still the one the batch read, so records read before a later erase never outlive it here. At most
 * {@code capacity} records (least recently used go first). Thread-safe.
 */
public final class EpochCheckedRecordCache {

  /** Records kept by default: a few hundred bytes each, so about 20 MB when full. */
  public static final int DEFAULT_CAPACITY = 50_000;

  private final LearnerRecordStore store;
  private final SharedEpochReads epochs;
  // keyed by tenant and the actor's canonical identifier
  private final Map<TwoPartKey, LearnerRecord> byActor;
  // the epoch the cached records were read under; below every stored epoch until the first batch
  private long epoch = Long.MIN_VALUE;

  public EpochCheckedRecordCache(LearnerRecordStore store, int capacity) {
    this.store = Objects.requireNonNull(store, "store");
    this.epochs = new SharedEpochReads(store::erasureEpoch);
    if (capacity < 1) {
      throw new IllegalArgumentException("record cache capacity must be at least 1, got " + capacity);
    }
    this.byActor = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<TwoPartKey, LearnerRecord> eldest) {
        return size() > capacity;
      }
    };
  }

  /**
   * The record of each distinct actor of {@code tenant}, as {@link LearnerRecordStore#resolveAll} gives it, the ones
   * cached under the current erasure epoch without a query.
   */
  public Map<String, LearnerRecord> resolveAll(String tenant, Collection<String> canonicalIfis) throws SQLException {
    long read = epochs.read();
    Map<String, LearnerRecord> resolved = new HashMap<>();
    List<String> missing = new ArrayList<>();
    synchronized (this) {
      if (read > epoch) {
        byActor.clear();
        epoch = read;
      }
      // read < epoch: a batch that read later moved the cache on; its records were read after this batch's epoch read
      for (String ifi : canonicalIfis) {
        LearnerRecord cached = byActor.get(new TwoPartKey(tenant, ifi));
        if (cached != null) {
          resolved.put(ifi, cached);
        } else {
          missing.add(ifi);
        }
      }
    }
    if (missing.isEmpty()) {
      return resolved;
    }
    Map<String, LearnerRecord> found = store.resolveAll(tenant, missing);
    synchronized (this) {
      if (epoch == read) {
        found.forEach((ifi, record) -> byActor.put(new TwoPartKey(tenant, ifi), record));
      }
    }
    resolved.putAll(found);
    return resolved;
  }
}
