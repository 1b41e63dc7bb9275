package org.learnstream.pipeline.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RecordCiphersTest {

  private static final String PURPOSE = "xapi.statement";
  private final Random random = new Random(11);

  @Test
  void aRecordUsedAgainGetsTheCipherItGaveBackAndAnotherPurposeDoesNot() {
    RecordCiphers ciphers = new RecordCiphers(4);
    LearnerRecord ana = record("school-north", UUID.randomUUID(), key());
    RecordCiphers.Lent first = ciphers.borrow(ana, PURPOSE);
    ciphers.giveBack(first);

    assertThat(ciphers.borrow(ana, PURPOSE)).isSameAs(first);
    assertThat(ciphers.borrow(ana, "learning.event")).isNotSameAs(first);
  }

  @Test
  void theSameIdUnderAnotherKeyOrTenantIsNotHandedTheCipherOfTheFirst() {
    RecordCiphers ciphers = new RecordCiphers(4);
    LearnerRecord ana = record("school-north", UUID.randomUUID(), key());
    ciphers.giveBack(ciphers.borrow(ana, PURPOSE));
    LearnerRecord otherKey = record(ana.tenant(), ana.id(), key());
    LearnerRecord otherTenant = record("school-south", ana.id(), ana.dataKey());

    RecordCiphers.Lent forOtherKey = ciphers.borrow(otherKey, PURPOSE);
    assertThat(forOtherKey.record).isSameAs(otherKey);
    assertThat(forOtherKey.key.getEncoded()).isEqualTo(otherKey.dataKey());
    ciphers.giveBack(forOtherKey);
    assertThat(new String(ciphers.borrow(otherTenant, PURPOSE).associatedData, StandardCharsets.UTF_8))
        .contains("school-south");
  }

  @Test
  void beyondItsCapacityTheLeastRecentlyUsedRecordsCipherIsReKeyedForTheNewRecord() {
    RecordCiphers ciphers = new RecordCiphers(2);
    List<RecordCiphers.Lent> given = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      given.add(ciphers.borrow(record("school-north", UUID.randomUUID(), key()), PURPOSE));
      ciphers.giveBack(given.get(i));
    }

    RecordCiphers.Lent third = ciphers.borrow(record("school-north", UUID.randomUUID(), key()), PURPOSE);

    assertThat(third.cipher).isSameAs(given.get(0).cipher);
    assertThat(ciphers.borrow(given.get(1).record, PURPOSE)).isSameAs(given.get(1));
    assertThat(ciphers.borrow(given.get(0).record, PURPOSE)).isNotSameAs(given.get(0));
  }

  @Test
  void aBatchBorrowsOneCipherPerRecordAndTheNextBatchGetsTheCiphersItGaveBack() {
    RecordCiphers ciphers = new RecordCiphers(4);
    LearnerRecord ana = record("school-north", UUID.randomUUID(), key());
    LearnerRecord bo = record("school-north", UUID.randomUUID(), key());

    List<RecordCiphers.Lent> first = ciphers.borrowAll(List.of(ana, bo, ana), PURPOSE);
    ciphers.giveBackAll(first);
    List<RecordCiphers.Lent> next = ciphers.borrowAll(List.of(bo, ana), PURPOSE);

    assertThat(first.get(2)).isSameAs(first.get(0));
    assertThat(first.get(1)).isNotSameAs(first.get(0));
    assertThat(first.get(1).record).isSameAs(bo);
    assertThat(next).containsExactly(first.get(1), first.get(0));
  }

  @Test
  void aCipherLentToABatchIsNotLentAgainUntilItIsGivenBack() {
    RecordCiphers ciphers = new RecordCiphers(4);
    LearnerRecord ana = record("school-north", UUID.randomUUID(), key());

    List<RecordCiphers.Lent> batch = ciphers.borrowAll(List.of(ana), PURPOSE);

    assertThat(ciphers.borrow(ana, PURPOSE).cipher).isNotSameAs(batch.get(0).cipher);
  }

  @Test
  void threadsSealingAndOpeningForMoreRecordsThanAreKeptAllGetTheirPlaintextBack() throws Exception {
    LearnerSeal seal = new LearnerSeal(new SecureRandom(), 8);
    List<LearnerRecord> learners = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      learners.add(record("school-north", UUID.randomUUID(), key()));
    }
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> opened = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        opened.add(threads.submit(() -> {
          int n = 0;
          for (int i = 0; i < 2_000; i++) {
            LearnerRecord learner = learners.get((i * 7 + offset) % learners.size());
            byte[] text = ("answer " + i + " of " + learner.id()).getBytes(StandardCharsets.UTF_8);
            if (new String(seal.open(learner, PURPOSE, seal.seal(learner, PURPOSE, text)), StandardCharsets.UTF_8)
                .equals("answer " + i + " of " + learner.id())) {
              n++;
            }
          }
          return n;
        }));
      }
      for (Future<Integer> f : opened) {
        assertThat(f.get()).isEqualTo(2_000);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static LearnerRecord record(String tenant, UUID id, byte[] key) {
    return new LearnerRecord(tenant, id, "0123456789abcdef0123456789abcdef", key,
        Instant.parse("2026-12-01T00:00:00Z"));
  }

  private byte[] key() {
    byte[] key = new byte[LearnerRecord.KEY_BYTES];
    random.nextBytes(key);
    return key;
  }
}
