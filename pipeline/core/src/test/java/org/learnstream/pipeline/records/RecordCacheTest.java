package org.learnstream.pipeline.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecordCacheTest {

  private final AtomicLong nanos = new AtomicLong();

  @Test
  void aRecordIsFoundByItsLookupKeyAndByItsIdInItsOwnTenantOnly() {
    RecordCache cache = new RecordCache(10, Duration.ofMinutes(1), nanos::get);
    LearnerRecord ana = record("school-north");
    cache.put("lookup-ana", ana);

    assertThat(cache.byLookup("school-north", "lookup-ana")).isEqualTo(ana);
    assertThat(cache.byId("school-north", ana.id())).isEqualTo(ana);
    assertThat(cache.byLookup("school-south", "lookup-ana")).isNull();
    assertThat(cache.byId("school-south", ana.id())).isNull();
  }

  @Test
  void aRecordReadLongerAgoThanTheMaximumAgeIsNotReturned() {
    RecordCache cache = new RecordCache(10, Duration.ofMinutes(1), nanos::get);
    LearnerRecord ana = record("school-north");
    cache.put("lookup-ana", ana);

    nanos.addAndGet(Duration.ofSeconds(59).toNanos());
    assertThat(cache.byLookup("school-north", "lookup-ana")).isEqualTo(ana);
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(cache.byLookup("school-north", "lookup-ana")).isNull();
    assertThat(cache.byId("school-north", ana.id())).isNull();
  }

  @Test
  void anEvictedRecordIsGoneByLookupKeyAndById() {
    RecordCache cache = new RecordCache(10, Duration.ofMinutes(1), nanos::get);
    LearnerRecord ana = record("school-north");
    cache.put("lookup-ana", ana);

    cache.evict("school-north", "lookup-ana", ana.id());

    assertThat(cache.byLookup("school-north", "lookup-ana")).isNull();
    assertThat(cache.byId("school-north", ana.id())).isNull();
  }

  @Test
  void aCacheOfNoCapacityKeepsNothing() {
    RecordCache cache = new RecordCache(0, Duration.ofMinutes(1), nanos::get);
    LearnerRecord ana = record("school-north");
    cache.put("lookup-ana", ana);
    cache.putById(ana);

    assertThat(cache.byLookup("school-north", "lookup-ana")).isNull();
    assertThat(cache.byId("school-north", ana.id())).isNull();
  }

  @Test
  void theCacheHoldsNoMoreThanItsCapacity() {
    RecordCache cache = new RecordCache(50, Duration.ofMinutes(1), nanos::get);
    LearnerRecord[] records = IntStream.range(0, 500).mapToObj(i -> record("school-north"))
        .toArray(LearnerRecord[]::new);
    for (LearnerRecord r : records) {
      cache.putById(r);
    }

    long kept = IntStream.range(0, records.length)
        .filter(i -> cache.byId("school-north", records[i].id()) != null).count();
    assertThat(kept).isPositive().isLessThanOrEqualTo(50);
  }

  @Test
  void aNegativeCapacityIsRefused() {
    assertThatThrownBy(() -> new RecordCache(-1, Duration.ofMinutes(1), nanos::get))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got -1");
  }

  private static LearnerRecord record(String tenant) {
    return new LearnerRecord(tenant, UUID.randomUUID(), "p", new byte[LearnerRecord.KEY_BYTES], Instant.EPOCH);
  }
}
