package org.learnstream.pipeline.records;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
 * {@code capacity} records, each for at most {@link LearnerRecordStore#LAST_USE_PRECISION} on the store's clock: then
 * it is read again, which marks its use, so that retention never deletes a record this cache still seals under.
 * Thread-safe: the epoch's check, the emptying and the additions hold one lock, lookups none (every record the cache
 * holds was added under the epoch it holds, or a later one).
 */
public final class EpochCheckedRecordCache {

  /** Records kept by default: a few hundred bytes each, so about 20 MB when full. */
  public static final int DEFAULT_CAPACITY = 50_000;

  private final LearnerRecordStore store;
  private final SharedEpochReads epochs;
  // keyed by tenant and the actor's canonical identifier
  private final Cache<TwoPartKey, LearnerRecord> byActor;
  // the epoch the cached records were read under; below every stored epoch until the first batch
  private long epoch = Long.MIN_VALUE;

  public EpochCheckedRecordCache(LearnerRecordStore store, int capacity) {
    this.store = Objects.requireNonNull(store, "store");
    this.epochs = new SharedEpochReads(store::erasureEpoch);
    if (capacity < 1) {
      throw new IllegalArgumentException("record cache capacity must be at least 1, got " + capacity);
    }
    // upkeep (eviction) on the calling thread, as RecordCache's; the age on the clock the store marks uses with
    this.byActor = Caffeine.newBuilder().maximumSize(capacity)
        .expireAfterWrite(LearnerRecordStore.LAST_USE_PRECISION)
        .ticker(() -> store.clock().millis() * 1_000_000L)
        .executor(Runnable::run).build();
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
        byActor.invalidateAll();
        epoch = read;
      }
    }
    // read < epoch: a batch that read later moved the cache on; its records were read after this batch's epoch read
    for (String ifi : canonicalIfis) {
      LearnerRecord cached = byActor.getIfPresent(new TwoPartKey(tenant, ifi));
      if (cached != null) {
        resolved.put(ifi, cached);
      } else {
        missing.add(ifi);
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
