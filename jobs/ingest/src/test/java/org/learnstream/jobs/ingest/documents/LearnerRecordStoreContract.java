package org.learnstream.jobs.ingest.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.records.EpochCheckedRecordCache;
import org.learnstream.pipeline.records.ErasedLearnerRecord;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.records.LearnerSeal;
import org.learnstream.pipeline.records.RecordTransactions;
import org.learnstream.pipeline.records.SealException;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.Pseudonymizer;
import org.learnstream.pipeline.xapi.SamePerson;

/**
 * The learner record store on a documents database: what holds on embedded H2 and on PostgreSQL alike.
 */
abstract class LearnerRecordStoreContract extends OpenedTwice {

  static final String TENANT = "school-north";
  static final String ANA = ActorIdentifier.mbox("mailto:ana@school.example").canonical();
  static final Pseudonymizer KEY = new Pseudonymizer("a test pseudonymisation key".getBytes(StandardCharsets.UTF_8));

  @Test
  void resolvingALearnerAgainGivesTheSameRecordInThisProcessAndAnother() throws Exception {
    LearnerRecord created = store(first).resolve(TENANT, ANA);

    assertThat(store(first).resolve(TENANT, ANA)).isEqualTo(created);
    assertThat(store(second).resolve(TENANT, ANA)).isEqualTo(created);
    assertThat(store(second).findById(TENANT, created.id())).contains(created);
  }

  @Test
  void aNewRecordHasARandomPseudonymAndKeyAndTheTableHoldsNoIdentifier() throws Exception {
    LearnerRecord ana = store(first).resolve(TENANT, ANA);
    LearnerRecord ben = store(first).resolve(TENANT, ActorIdentifier.mbox("mailto:ben@school.example").canonical());

    assertThat(ana.pseudonym()).matches("[0-9a-f]{32}").isNotEqualTo(ben.pseudonym())
        .isNotEqualTo(KEY.learnerId(TENANT, ANA));
    assertThat(ana.dataKey()).hasSize(32).isNotEqualTo(ben.dataKey());
    assertThat(ana.id()).isNotEqualTo(ben.id());
    assertThat(ana.id().version()).isEqualTo(4);
    String table = tableAsText(first);
    assertThat(table).doesNotContain("ana@school.example").doesNotContain(KEY.learnerId(TENANT, ANA))
        .contains(ana.id().toString());
  }

  @Test
  void findingALearnerNeverCreatesARecord() throws Exception {
    assertThat(store(first).find(TENANT, ANA)).isEmpty();
    assertThat(rows(first)).isZero();

    LearnerRecord created = store(first).resolve(TENANT, ANA);
    assertThat(store(second).find(TENANT, ANA)).contains(created);
  }

  @Test
  void processesResolvingTheSameLearnersAtOnceAllGetTheSameRecordForEach() throws Exception {
    int learners = 40;
    List<LearnerRecordStore> stores = List.of(store(first), store(first), store(second), store(second));
    ExecutorService threads = Executors.newFixedThreadPool(stores.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<LearnerRecord>>> results = new ArrayList<>();
      for (LearnerRecordStore store : stores) {
        results.add(threads.submit(resolveAll(store, learners, start)));
      }
      start.countDown();
      List<List<LearnerRecord>> seen = new ArrayList<>();
      for (Future<List<LearnerRecord>> r : results) {
        seen.add(r.get(60, TimeUnit.SECONDS));
      }
      for (List<LearnerRecord> other : seen) {
        assertThat(other).isEqualTo(seen.get(0));
      }
      assertThat(new HashSet<>(seen.get(0))).hasSize(learners);
      assertThat(rows(first)).isEqualTo(learners);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void resolvingABatchCreatesTheMissingRecordsAndReturnsTheExistingOnesAsResolveWould() throws Exception {
    LearnerRecord ana = store(first).resolve(TENANT, ANA);
    String ben = ActorIdentifier.mbox("mailto:ben@school.example").canonical();
    String cleo = ActorIdentifier.openid("https://id.example/cleo").canonical();

    Map<String, LearnerRecord> batch = store(second).resolveAll(TENANT, List.of(ANA, ben, cleo, ben));

    assertThat(batch).containsOnlyKeys(ANA, ben, cleo).containsEntry(ANA, ana);
    assertThat(store(first).resolve(TENANT, ben)).isEqualTo(batch.get(ben));
    assertThat(store(first).resolve(TENANT, cleo)).isEqualTo(batch.get(cleo));
    assertThat(rows(first)).isEqualTo(3);
  }

  @Test
  void processesResolvingOverlappingBatchesAtOnceAllGetTheSameRecordForEachLearner() throws Exception {
    int learners = 60;
    List<String> everyone = new ArrayList<>();
    for (int i = 0; i < learners; i++) {
      everyone.add(ActorIdentifier.mbox("mailto:learner-" + i + "@school.example").canonical());
    }
    List<LearnerRecordStore> stores = List.of(store(first), store(first), store(second), store(second));
    ExecutorService threads = Executors.newFixedThreadPool(stores.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Map<String, LearnerRecord>>> results = new ArrayList<>();
      for (int i = 0; i < stores.size(); i++) {
        LearnerRecordStore store = stores.get(i);
        // each process resolves a different, overlapping window of the learners
        List<String> window = everyone.subList(i * 10, learners - (stores.size() - 1 - i) * 10);
        results.add(threads.submit(() -> {
          start.await();
          return store.resolveAll(TENANT, window);
        }));
      }
      start.countDown();
      Map<String, LearnerRecord> seen = new HashMap<>();
      for (Future<Map<String, LearnerRecord>> r : results) {
        r.get(60, TimeUnit.SECONDS).forEach((ifi, record) -> {
          LearnerRecord earlier = seen.putIfAbsent(ifi, record);
          assertThat(record).isEqualTo(earlier == null ? record : earlier);
        });
      }
      assertThat(seen).hasSize(learners);
      assertThat(rows(first)).isEqualTo(learners);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aBatchResolvedAfterAnErasureByAnotherProcessGetsANewRecordNotTheErasedOne() throws Exception {
    LearnerRecordStore endpoint = new LearnerRecordStore(new DocumentRecordTransactions(first), KEY,
        new SecureRandom(), Clock.systemUTC(), 0, Duration.ZERO);
    LearnerRecord before = endpoint.resolveAll(TENANT, List.of(ANA)).get(ANA);

    store(second).erase(TENANT, ANA);

    LearnerRecord after = endpoint.resolveAll(TENANT, List.of(ANA)).get(ANA);
    assertThat(after.id()).isNotEqualTo(before.id());
    assertThat(after.dataKey()).isNotEqualTo(before.dataKey());
  }

  @Test
  void aCachedBatchOfKnownActorsReadsOnlyTheErasureEpochAndGetsTheSameRecords() throws Exception {
    String ben = ActorIdentifier.mbox("mailto:ben@school.example").canonical();
    CountingTransactions transactions = new CountingTransactions(new DocumentRecordTransactions(first));
    EpochCheckedRecordCache endpoint = new EpochCheckedRecordCache(uncachedStore(transactions), 100);
    Map<String, LearnerRecord> filled = endpoint.resolveAll(TENANT, List.of(ANA, ben));
    int afterFilling = transactions.count.get();

    Map<String, LearnerRecord> cached = endpoint.resolveAll(TENANT, List.of(ANA, ben));

    assertThat(cached).isEqualTo(filled).containsOnlyKeys(ANA, ben);
    assertThat(transactions.count.get() - afterFilling).as("transactions of the cached batch: the epoch read").isOne();
    assertThat(store(second).resolveAll(TENANT, List.of(ANA, ben))).isEqualTo(filled);
  }

  @Test
  void anEraseByAnotherProcessRaisesTheEpochAndTheCachedEndpointThenSealsUnderANewRecord() throws Exception {
    String ben = ActorIdentifier.mbox("mailto:ben@school.example").canonical();
    EpochCheckedRecordCache endpoint = new EpochCheckedRecordCache(
        uncachedStore(new DocumentRecordTransactions(first)), 100);
    Map<String, LearnerRecord> before = endpoint.resolveAll(TENANT, List.of(ANA, ben));
    long epochBefore = store(first).erasureEpoch();

    assertThat(store(second).erase(TENANT, ANA)).isPresent();

    assertThat(store(first).erasureEpoch()).isEqualTo(epochBefore + 1);
    Map<String, LearnerRecord> after = endpoint.resolveAll(TENANT, List.of(ANA, ben));
    assertThat(after.get(ANA).id()).isNotEqualTo(before.get(ANA).id());
    assertThat(after.get(ANA).dataKey()).isNotEqualTo(before.get(ANA).dataKey());
    assertThat(after.get(ANA)).isEqualTo(store(second).find(TENANT, ANA).orElseThrow());
    assertThat(after.get(ben)).isEqualTo(before.get(ben));
  }

  @Test
  void erasingSomeoneWithoutARecordLeavesTheEpochAndEveryErasePathRaisesIt() throws Exception {
    long start = store(first).erasureEpoch();
    assertThat(store(second).erase(TENANT, ANA)).isEmpty();
    assertThat(store(first).erasureEpoch()).isEqualTo(start);

    ActorIdentifier email = ActorIdentifier.mbox("mailto:ana@school.example");
    LearnerRecordStore other = store(second);
    for (ActorIdentifier sameAna : SamePerson.identifiersOf(email)) {
      other.resolve(TENANT, sameAna.canonical());
    }
    assertThat(other.erasePerson(TENANT, email)).hasSize(2);
    assertThat(store(first).erasureEpoch()).isEqualTo(start + 2);
  }

  @Test
  void erasingARecordReturnsItAndALaterResolveStartsANewUnrelatedOne() throws Exception {
    LearnerRecordStore store = store(first);
    LearnerRecord before = store.resolve(TENANT, ANA);
    byte[] sealed = new LearnerSeal().seal(before, "xapi.statement", "ana's answer".getBytes(StandardCharsets.UTF_8));

    ErasedLearnerRecord erased = store.erase(TENANT, ANA).orElseThrow();
    assertThat(erased).isEqualTo(new ErasedLearnerRecord(TENANT, before.id(), before.pseudonym(), before.created()));
    assertThat(store.erase(TENANT, ANA)).isEmpty();
    assertThat(store.findById(TENANT, before.id())).isEmpty();
    assertThat(store.find(TENANT, ANA)).isEmpty();

    LearnerRecord after = store.resolve(TENANT, ANA);
    assertThat(after.id()).isNotEqualTo(before.id());
    assertThat(after.pseudonym()).isNotEqualTo(before.pseudonym());
    assertThat(after.dataKey()).isNotEqualTo(before.dataKey());
    assertThat(reasonOpening(store, sealed)).isEqualTo(SealException.Reason.RECORD_ERASED);
  }

  @Test
  void whatWasStoredUpToAnErasureBelongsToTheErasedLearnerNotToTheIdentifiersNextRecord() throws Exception {
    long erasedAt = 1_700_000_000_000L;
    store(first).resolve(TENANT, ANA);
    new LearnerRecordStore(new DocumentRecordTransactions(second), KEY, new SecureRandom(),
        Clock.fixed(Instant.ofEpochMilli(erasedAt), ZoneOffset.UTC), 100, Duration.ofMinutes(1)).erase(TENANT, ANA);

    LearnerRecordStore reader = store(first);
    assertThat(reader.resolveAsOf(TENANT, ANA, erasedAt - 1)).isEmpty();
    assertThat(reader.resolveAsOf(TENANT, ANA, erasedAt)).isEmpty();
    assertThat(store(second).find(TENANT, ANA)).as("no record made for the erased learner's statement").isEmpty();
    LearnerRecord next = reader.resolveAsOf(TENANT, ANA, erasedAt + 1).orElseThrow();
    assertThat(next.predecessorErased()).isEqualTo(Instant.ofEpochMilli(erasedAt));
    assertThat(store(second).findById(TENANT, next.id())).contains(next);
    assertThat(reader.resolveAsOf(TENANT, ANA, erasedAt - 1)).as("once the next record exists").isEmpty();
    assertThat(reader.resolveAsOf("school-south", ANA, erasedAt - 1)).as("another tenant's learner").isPresent();
  }

  @Test
  void aRecordIsFoundAndErasedByThePseudonymDerivedRowsCarry() throws Exception {
    String ben = ActorIdentifier.mbox("mailto:ben@school.example").canonical();
    LearnerRecord ana = store(first).resolve(TENANT, ANA);
    LearnerRecord benRecord = store(first).resolve(TENANT, ben);

    assertThat(store(second).findByPseudonym(TENANT, ana.pseudonym())).contains(ana);
    assertThat(store(second).findByPseudonym("school-south", ana.pseudonym())).isEmpty();
    assertThat(store(second).eraseByPseudonym(TENANT, ana.pseudonym()).map(ErasedLearnerRecord::id))
        .contains(ana.id());
    assertThat(store(second).eraseByPseudonym(TENANT, ana.pseudonym())).isEmpty();
    assertThat(store(second).find(TENANT, ANA)).isEmpty();
    assertThat(store(second).find(TENANT, ben)).contains(benRecord);
    assertThat(store(second).resolve(TENANT, ANA).predecessorErased()).as("the next record knows of the erasure")
        .isNotNull();
  }

  @Test
  void anotherProcessStopsUsingAnErasedRecordOnceItsCacheAgeRunsOut() throws Exception {
    LearnerRecordStore endpoint = new LearnerRecordStore(new DocumentRecordTransactions(first), KEY,
        new SecureRandom(), Clock.systemUTC(), 100, Duration.ZERO);
    LearnerRecord record = endpoint.resolve(TENANT, ANA);

    store(second).erase(TENANT, ANA);

    assertThat(endpoint.findById(TENANT, record.id())).isEmpty();
    assertThat(endpoint.resolve(TENANT, ANA).id()).isNotEqualTo(record.id());
  }

  @Test
  void tenantsHaveUnrelatedRecordsForTheSameIdentifierAndCannotReachEachOthers() throws Exception {
    LearnerRecordStore store = store(first);
    LearnerRecord north = store.resolve(TENANT, ANA);
    LearnerRecord south = store.resolve("school-south", ANA);

    assertThat(south.id()).isNotEqualTo(north.id());
    assertThat(south.pseudonym()).isNotEqualTo(north.pseudonym());
    assertThat(store(second).findById("school-south", north.id())).isEmpty();

    store.erase("school-south", ANA);
    assertThat(store(second).findById(TENANT, north.id())).contains(north);
  }

  private LearnerRecordStore store(DocumentDatabase database) {
    return new LearnerRecordStore(new DocumentRecordTransactions(database), KEY);
  }

  /** A store as the endpoint makes it: no age-bounded cache of its own. */
  private static LearnerRecordStore uncachedStore(RecordTransactions transactions) {
    return new LearnerRecordStore(transactions, KEY, new SecureRandom(), Clock.systemUTC(), 0, Duration.ZERO);
  }

  /** The transactions of the store it is given, counted. */
  private static final class CountingTransactions implements RecordTransactions {
    final AtomicInteger count = new AtomicInteger();
    private final RecordTransactions inner;

    CountingTransactions(RecordTransactions inner) {
      this.inner = inner;
    }

    @Override
    public <T> T inTransaction(Work<T> work) throws SQLException {
      count.incrementAndGet();
      return inner.inTransaction(work);
    }
  }

  private static Callable<List<LearnerRecord>> resolveAll(LearnerRecordStore store, int learners,
      CountDownLatch start) {
    return () -> {
      start.await();
      List<LearnerRecord> records = new ArrayList<>();
      for (int i = 0; i < learners; i++) {
        records.add(store.resolve(TENANT, ActorIdentifier.mbox("mailto:learner" + i + "@school.example").canonical()));
      }
      return records;
    };
  }

  private static SealException.Reason reasonOpening(LearnerRecordStore store, byte[] sealed) throws Exception {
    try {
      new LearnerSeal().open(store, TENANT, "xapi.statement", sealed);
      throw new AssertionError("opened the bytes of an erased record");
    } catch (SealException e) {
      return e.reason();
    }
  }

  private static int rows(DocumentDatabase database) throws Exception {
    return database.inTransaction(c -> {
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM learner_records")) {
        r.next();
        return r.getInt(1);
      }
    });
  }

  private static String tableAsText(DocumentDatabase database) throws Exception {
    return database.inTransaction(c -> {
      StringBuilder text = new StringBuilder();
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM learner_records")) {
        int columns = r.getMetaData().getColumnCount();
        while (r.next()) {
          for (int i = 1; i <= columns; i++) {
            text.append(r.getString(i)).append('\t');
          }
        }
      }
      return text.toString();
    });
  }
}
