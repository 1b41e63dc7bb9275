package org.learnstream.jobs.ingest.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.ingest.HandClock;
import org.learnstream.jobs.ingest.documents.DocumentRetention.Step;
import org.learnstream.jobs.ingest.documents.DocumentRetention.Target;
import org.learnstream.pipeline.clickhouse.RetentionWindows;
import org.learnstream.pipeline.records.EpochCheckedRecordCache;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.records.RecordTransactions;
import org.learnstream.pipeline.xapi.ActorIdentifier;

/**
 * Retention of the learner records on a documents database: what holds on embedded H2 and on PostgreSQL alike, the
 * first opening as the endpoint's, the second as the process running retention.
 */
abstract class LearnerRecordRetentionContract extends OpenedTwice {

  static final String TENANT = LearnerRecordStoreContract.TENANT;
  static final String ANA = LearnerRecordStoreContract.ANA;
  static final String BEN = ActorIdentifier.mbox("mailto:ben@school.example").canonical();
  static final RetentionWindows YEAR = RetentionWindows.of(Duration.ofDays(365));
  static final RetentionWindows DAY = RetentionWindows.of(Duration.ofDays(1));

  final HandClock clock = new HandClock(Instant.parse("2026-01-05T08:00:00Z"));
  DocumentRetention retention;

  /** Whether a session of {@code database}'s storage is waiting for a row another transaction has locked. */
  abstract boolean aSessionWaitsForALock(DocumentDatabase database) throws SQLException;

  @BeforeEach
  void retentionInTheSecond() {
    retention = new DocumentRetention(second);
  }

  @Test
  void retentionDeletesTheRecordsUnusedForTheWindowAndTheLearnersNextStatementStartsANewOne() throws Exception {
    LearnerRecordStore store = store(new DocumentRecordTransactions(first));
    LearnerRecord ana = store.resolve(TENANT, ANA);
    LearnerRecord ben = store.resolve(TENANT, BEN);
    store.resolve("school-south", ANA);
    clock.advance(Duration.ofDays(400));
    assertThat(store.resolve(TENANT, BEN)).as("a statement of Ben's marks his record used").isEqualTo(ben);

    RetentionWindows windows = new RetentionWindows(Duration.ofDays(365), Map.of("school-south",
        Duration.ofDays(500)));
    List<Step> plan = retention.plan(windows, clock.instant());

    assertThat(plan).containsExactly(new Step(TENANT, clock.instant().minus(Duration.ofDays(365)),
        Map.of(Target.LEARNER_RECORDS, 1L)));
    assertThat(retention.apply(plan.get(0)).rowsOf(Target.LEARNER_RECORDS)).isOne();
    assertThat(store.find(TENANT, ANA)).isEmpty();
    assertThat(store.find(TENANT, BEN)).contains(ben);
    assertThat(store.find("school-south", ANA)).as("a tenant with a longer window").isPresent();
    LearnerRecord next = store.resolve(TENANT, ANA);
    assertThat(next.id()).isNotEqualTo(ana.id());
    assertThat(next.dataKey()).isNotEqualTo(ana.dataKey());
    assertThat(next.predecessorErased()).as("expired, not erased: nothing of the identifier is refused").isNull();
    assertThat(retention.plan(windows, clock.instant())).isEmpty();
  }

  @Test
  void anErasureMemoRefusesWhatPredatesTheErasureForTheWindowThenRetentionDeletesIt() throws Exception {
    LearnerRecordStore store = store(new DocumentRecordTransactions(first));
    store.resolve(TENANT, ANA);
    long erasedAt = clock.millis();
    store.erase(TENANT, ANA);
    clock.advance(Duration.ofDays(100));

    assertThat(retention.plan(YEAR, clock.instant())).isEmpty();
    assertThat(store.resolveAsOf(TENANT, ANA, erasedAt - 1)).as("dated before the erasure").isEmpty();

    clock.advance(Duration.ofDays(300));
    List<Step> plan = retention.plan(YEAR, clock.instant());
    assertThat(plan).containsExactly(new Step(TENANT, clock.instant().minus(Duration.ofDays(365)),
        Map.of(Target.ERASURE_MEMOS, 1L)));
    assertThat(retention.apply(plan.get(0)).rowsOf(Target.ERASURE_MEMOS)).isOne();
    assertThat(store.resolveAsOf(TENANT, ANA, erasedAt - 1)).as("once the memo is gone").isPresent();
  }

  @Test
  void theEndpointsCacheReadsARecordAgainAfterAnHourSoItsUseIsMarkedAndRetentionKeepsIt() throws Exception {
    EpochCheckedRecordCache endpoint = new EpochCheckedRecordCache(store(new DocumentRecordTransactions(first)), 100);
    LearnerRecord ana = endpoint.resolveAll(TENANT, List.of(ANA)).get(ANA);
    clock.advance(Duration.ofHours(2));
    assertThat(endpoint.resolveAll(TENANT, List.of(ANA))).containsEntry(ANA, ana);

    clock.advance(Duration.ofHours(23));
    assertThat(retention.plan(DAY, clock.instant())).as("used two hours after it was made").isEmpty();

    clock.advance(Duration.ofDays(2));
    assertThat(retention.apply(retention.plan(DAY, clock.instant()).get(0)).rowsOf(Target.LEARNER_RECORDS)).isOne();
    LearnerRecord next = endpoint.resolveAll(TENANT, List.of(ANA)).get(ANA);
    assertThat(next.id()).as("the cache does not seal under the deleted record").isNotEqualTo(ana.id());
  }

  @Test
  void aRecordMarkedUsedWhileRetentionWaitsToDeleteItIsKept() throws Exception {
    LearnerRecord ana = store(new DocumentRecordTransactions(first)).resolve(TENANT, ANA);
    clock.advance(Duration.ofDays(400));
    Step step = retention.plan(YEAR, clock.instant()).get(0);
    PausingTransactions marking = new PausingTransactions(new DocumentRecordTransactions(first));

    Raced<LearnerRecord, Step> raced = race(marking, () -> store(marking).resolve(TENANT, ANA),
        () -> retention.apply(step));

    assertThat(raced.paused()).isEqualTo(ana);
    assertThat(raced.waiting().rowsOf(Target.LEARNER_RECORDS)).isZero();
    assertThat(store(new DocumentRecordTransactions(second)).find(TENANT, ANA)).contains(ana);
  }

  @Test
  void aStatementResolvedWhileRetentionDeletesItsRecordGetsANewRecordNotTheDeletedOne() throws Exception {
    LearnerRecord ana = store(new DocumentRecordTransactions(first)).resolve(TENANT, ANA);
    clock.advance(Duration.ofDays(400));
    Step step = retention.plan(YEAR, clock.instant()).get(0);
    PausingTransactions deleting = new PausingTransactions(new DocumentRecordTransactions(second));

    Raced<Step, LearnerRecord> raced = race(deleting, () -> new DocumentRetention(deleting).apply(step),
        () -> store(new DocumentRecordTransactions(first)).resolve(TENANT, ANA));

    assertThat(raced.paused().rowsOf(Target.LEARNER_RECORDS)).isOne();
    assertThat(raced.waiting().id()).isNotEqualTo(ana.id());
    assertThat(store(new DocumentRecordTransactions(second)).find(TENANT, ANA)).contains(raced.waiting());
  }

  @Test
  void recordsThatExistedBeforeUsesWereMarkedCountAsUsedWhenTheMigrationRan() throws Exception {
    store(new DocumentRecordTransactions(first)).resolve(TENANT, ANA);
    first.inTransaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("DROP INDEX learner_records_by_last_use");
        s.execute("DROP INDEX erased_learner_lookups_by_time");
        s.execute("ALTER TABLE learner_records DROP COLUMN last_used_millis");
        s.execute("DELETE FROM document_schema_migrations WHERE version = 6");
      }
      return null;
    });
    long before = System.currentTimeMillis();

    try (DocumentDatabase migrated = openDatabase()) {
      assertThat(migrated.appliedMigrations()).containsExactly(6);
      long lastUsed = migrated.inTransaction(c -> {
        try (Statement s = c.createStatement();
            ResultSet r = s.executeQuery("SELECT last_used_millis FROM learner_records")) {
          r.next();
          return r.getLong(1);
        }
      });
      assertThat(lastUsed).isBetween(before, System.currentTimeMillis());
    }
  }

  /** A store as the endpoint makes it (no age-bounded cache of its own), on this test's clock. */
  private LearnerRecordStore store(RecordTransactions transactions) {
    return new LearnerRecordStore(transactions, LearnerRecordStoreContract.KEY, new SecureRandom(), clock, 0,
        Duration.ZERO);
  }

  /** What two racing pieces of work answered. */
  private record Raced<A, B>(A paused, B waiting) {
  }

  /**
   * Runs {@code paused}, whose transaction is {@code pausing}'s, until its work is done but not committed; then
   * {@code waiting} until it waits for a row the first has locked; then lets the first commit.
   */
  private <A, B> Raced<A, B> race(PausingTransactions pausing, Callable<A> paused, Callable<B> waiting)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<A> first = threads.submit(paused);
      assertThat(pausing.reachedCommit.await(30, TimeUnit.SECONDS)).as("work done, not committed").isTrue();
      Future<B> second = threads.submit(waiting);
      awaitALockWait(this.first);
      pausing.mayCommit.countDown();
      return new Raced<>(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS));
    } finally {
      pausing.mayCommit.countDown();
      threads.shutdownNow();
    }
  }

  private void awaitALockWait(DocumentDatabase database) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!aSessionWaitsForALock(database)) {
      assertThat(System.nanoTime()).as("a session waiting for the locked row").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /** Transactions whose work is done but not committed until the test lets them: the first one only. */
  private static final class PausingTransactions implements RecordTransactions {
    final CountDownLatch reachedCommit = new CountDownLatch(1);
    final CountDownLatch mayCommit = new CountDownLatch(1);
    private final RecordTransactions inner;

    PausingTransactions(RecordTransactions inner) {
      this.inner = inner;
    }

    @Override
    public <T> T inTransaction(Work<T> work) throws SQLException {
      return inner.inTransaction(c -> {
        T result = work.run(c);
        reachedCommit.countDown();
        try {
          mayCommit.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted before the commit", e);
        }
        return result;
      });
    }
  }
}
