package org.learnstream.pipeline.records;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The records a process used lately, by lookup key and by id: at most {@code capacity} of each and none older than
 * {@code maxAge} since it was read, so that a record erased by another process stops being used here within that age.
 * Lookups take no lock (the job's subtasks and the endpoint's request threads share one store). Thread-safe.
 */
final class RecordCache {

  // a capacity of 0 keeps nothing (Caffeine would keep an entry until its next upkeep)
  private final boolean keeps;
  private final Cache<TwoPartKey, LearnerRecord> byLookup;
  private final Cache<TwoPartKey, LearnerRecord> byId;

  /** @param nanoClock the time the age is measured on, in nanoseconds */
  RecordCache(int capacity, Duration maxAge, LongSupplier nanoClock) {
    if (capacity < 0) {
      throw new IllegalArgumentException("cache capacity must not be negative, got " + capacity);
    }
    this.keeps = capacity > 0;
    this.byLookup = cache(capacity, maxAge, nanoClock);
    this.byId = cache(capacity, maxAge, nanoClock);
  }

  LearnerRecord byLookup(String tenant, String lookupKey) {
    return byLookup.getIfPresent(new TwoPartKey(tenant, lookupKey));
  }

  LearnerRecord byId(String tenant, UUID id) {
    return byId.getIfPresent(new TwoPartKey(id, tenant));
  }

  void put(String lookupKey, LearnerRecord record) {
    if (!keeps) {
      return;
    }
    byLookup.put(new TwoPartKey(record.tenant(), lookupKey), record);
    putById(record);
  }

  void putById(LearnerRecord record) {
    if (keeps) {
      byId.put(new TwoPartKey(record.id(), record.tenant()), record);
    }
  }

  void evict(String tenant, String lookupKey, UUID id) {
    byLookup.invalidate(new TwoPartKey(tenant, lookupKey));
    if (id != null) {
      byId.invalidate(new TwoPartKey(id, tenant));
    }
  }

  void clear() {
    byLookup.invalidateAll();
    byId.invalidateAll();
  }

  // upkeep (eviction, expiry) runs on the calling thread: no pool thread of the process's is borrowed for it, and a
  // record past its age is never returned, whenever the upkeep runs
  private static Cache<TwoPartKey, LearnerRecord> cache(int capacity, Duration maxAge, LongSupplier nanoClock) {
    return Caffeine.newBuilder()
        .maximumSize(capacity)
        .expireAfterWrite(maxAge)
        .ticker(nanoClock::getAsLong)
        .executor(Runnable::run)
        .build();
  }
}
