package org.learnstream.pipeline.records;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The records a process used lately, by lookup key and by id: at most {@code capacity} of each (least recently used
 * go first) and none older than {@code maxAge}, so that a record erased by another process stops being used here
 * within that age. Thread-safe.
 */
final class RecordCache {

  private record Entry(LearnerRecord record, long loadedNanos) {
  }

  private final int capacity;
  private final long maxAgeNanos;
  private final LongSupplier nanoClock;
  private final Map<String, Entry> byLookup;
  private final Map<String, Entry> byId;

  RecordCache(int capacity, Duration maxAge, LongSupplier nanoClock) {
    if (capacity < 0) {
      throw new IllegalArgumentException("cache capacity must not be negative, got " + capacity);
    }
    this.capacity = capacity;
    this.maxAgeNanos = maxAge.toNanos();
    this.nanoClock = nanoClock;
    this.byLookup = lru();
    this.byId = lru();
  }

  synchronized LearnerRecord byLookup(String tenant, String lookupKey) {
    return fresh(byLookup, lookup(tenant, lookupKey));
  }

  synchronized LearnerRecord byId(String tenant, UUID id) {
    return fresh(byId, id(tenant, id));
  }

  synchronized void put(String lookupKey, LearnerRecord record) {
    if (capacity == 0) {
      return;
    }
    Entry entry = new Entry(record, nanoClock.getAsLong());
    byLookup.put(lookup(record.tenant(), lookupKey), entry);
    byId.put(id(record.tenant(), record.id()), entry);
  }

  synchronized void putById(LearnerRecord record) {
    if (capacity > 0) {
      byId.put(id(record.tenant(), record.id()), new Entry(record, nanoClock.getAsLong()));
    }
  }

  synchronized void evict(String tenant, String lookupKey, UUID id) {
    byLookup.remove(lookup(tenant, lookupKey));
    if (id != null) {
      byId.remove(id(tenant, id));
    }
  }

  private LearnerRecord fresh(Map<String, Entry> map, String key) {
    Entry entry = map.get(key);
    if (entry == null) {
      return null;
    }
    if (nanoClock.getAsLong() - entry.loadedNanos() >= maxAgeNanos) {
      map.remove(key);
      return null;
    }
    return entry.record();
  }

  private Map<String, Entry> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  // '\n' cannot occur in a tenant id, so the joined text is unambiguous
  private static String lookup(String tenant, String lookupKey) {
    return tenant + "\n" + lookupKey;
  }

  private static String id(String tenant, UUID id) {
    return tenant + "\n" + id;
  }
}
