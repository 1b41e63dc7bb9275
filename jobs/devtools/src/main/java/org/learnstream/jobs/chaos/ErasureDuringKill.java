package org.learnstream.jobs.chaos;

import com.clickhouse.client.api.Client;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.LearnerScan;
import org.learnstream.pipeline.clickhouse.SchoolDatabase;
import org.learnstream.pipeline.kafka.ErasureLedger;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.LearnerTruth;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;
import org.learnstream.pipeline.xapi.ActorIdentifier;

/**
 * The erasure of the erase-during-kill scenario: one learner of the cohort, erased by e-mail address with
 * {@code learnstream erase} in a child JVM, as an operator runs it, while the cohort streams: its second half is held
 * back until the erasure is recorded. The job runner is killed as soon as the erasure is in the ledger, before the job
 * has applied it, and the rest of the cohort sent; the same erase call, still waiting,
 * must complete once the restarted job has applied the entry. Every statement of the learner is dated before the
 * erasure (the cohort's dates lie in the past), so the job drops all those that arrive after it: no row of the
 * learner may remain anywhere.
 */
final class ErasureDuringKill implements AutoCloseable {

  /** How long erase waits for the job and for its mutations: the kill and the restart fall within it. */
  static final Duration ERASE_TIMEOUT = Duration.ofMinutes(5);

  private static final int LEDGER_PARTITION = 0;

  /**
   * How often erase runs at most: one that exits before it has recorded the erasure changed nothing (on the loaded
   * machine its first query once met a connection the server had dropped), and an operator runs it again.
   */
  private static final int ERASE_RUNS = 3;

  /** How long the second half of the cohort waits at most for the kill. */
  private static final Duration HELD_BACK_AT_MOST = Duration.ofMinutes(10);

  private final StreamedCohort cohort;
  private final LearnerTruth learner;
  private final String mbox;
  private final LearnerNames names;
  // the pseudonym the job gave the learner, once it has (their record goes with the erasure: kept from before it)
  private volatile String pseudonym;
  private final String bootstrap;
  private final TopicPartition ledger;
  private final String jobGroup;
  private final RunnerProcess erase;
  private final KafkaConsumer<String, byte[]> ledgerReader;
  private long entryOffset = -1;
  private boolean ackedBeforeKill;
  private int eraseExit = -1;
  private int eraseRuns;
  private final CountDownLatch released = new CountDownLatch(1);

  /**
   * The erasure of {@code learner} ({@link #learnerOf}) by {@code learnstream erase --config config}, on the runner's
   * Kafka at {@code bootstrap} with its topic prefix and consumer group; erase's output goes to {@code log}. The
   * learner's pseudonym is the one the runner's job gives them ({@code names}).
   */
  ErasureDuringKill(StreamedCohort cohort, LearnerTruth learner, String bootstrap, String topicPrefix,
      String consumerGroup, Path config, Path log, LearnerNames names) {
    this.cohort = cohort;
    this.learner = learner;
    this.mbox = "mailto:" + learner.email();
    this.names = names;
    this.bootstrap = bootstrap;
    this.ledger = new TopicPartition(topicPrefix + Topics.LEARNER_ERASURES, LEDGER_PARTITION);
    this.jobGroup = ErasureLedger.jobGroup(consumerGroup);
    this.erase = RunnerProcess.erase(config, cohort.tenant(), mbox, ERASE_TIMEOUT, log);
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.ledgerReader = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    ledgerReader.assign(Set.of(ledger));
    ledgerReader.seekToBeginning(Set.of(ledger));
  }

  /**
   * The learner to erase, among those with statements, the same for every run of a seed: one clean run without them
   * serves every repeat.
   */
  static LearnerTruth learnerOf(StreamedCohort cohort, long seed) {
    List<LearnerTruth> active = new CohortSimulator(cohort.spec()).truth().learners().stream()
        .filter(l -> l.statements() > 0).toList();
    return active.get(new Random(seed).nextInt(active.size()));
  }

  /** The learner's pseudonym, null until the job has named them. */
  String pseudonym() {
    return pseudonym;
  }

  /** What the run must leave: the cohort as if the learner had sent nothing. */
  StreamedCohort remaining() {
    return cohort.without(learner);
  }

  /**
   * The cohort's statements with the second half held back until {@link #releaseStream}: the runner's start and erase's
   * JVM and plan took longer than the whole cohort's stream on the loaded machine, and the cohort must stream on while
   * the erasure is in flight. The held-back half then goes as fast as Kafka takes it, catching up with the pace.
   */
  Iterator<Keyed> statements() {
    Iterator<Keyed> all = cohort.iterator();
    long half = cohort.sent() / 2;
    return new Iterator<>() {
      private long sent;

      @Override
      public boolean hasNext() {
        if (sent == half) {
          awaitRelease();
        }
        return all.hasNext();
      }

      @Override
      public Keyed next() {
        sent++;
        return all.next();
      }
    };
  }

  /** Lets the held-back half of the cohort go: the erasure is in the ledger and the runner killed. */
  void releaseStream() {
    released.countDown();
  }

  private void awaitRelease() {
    try {
      if (!released.await(HELD_BACK_AT_MOST.toMillis(), TimeUnit.MILLISECONDS)) {
        return; // the scenario failed before the kill and says why; the rest of the cohort goes anyway
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the producer is closing
    }
  }

  /** The learner's statements among the first {@code sent} of the cohort, in the order they are sent. */
  long learnerStatementsAmongFirst(long sent) {
    return statementsAmongFirst(cohort, learner, sent);
  }

  static long statementsAmongFirst(StreamedCohort cohort, LearnerTruth learner, long sent) {
    long n = 0;
    Iterator<Keyed> statements = cohort.iterator();
    for (long i = 0; i < sent && statements.hasNext(); i++) {
      n += statements.next().key().equals(learner.actorKey()) ? 1 : 0;
    }
    return n;
  }

  /** Until some of the learner's events are in ClickHouse: erase refuses a learner no table holds. */
  void awaitLearnerLanded(Projections out, RunnerProcess runner, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pseudonym == null || out.eventsOf(pseudonym) == 0) {
      if (pseudonym == null) {
        pseudonym = names.pseudonymOf(learner).orElse(null);
      }
      if (System.nanoTime() > deadline || !runner.isAlive()) {
        throw new IllegalStateException("no event of the learner to erase reached ClickHouse; see " + runner.log());
      }
      Thread.sleep(250); // poll interval
    }
  }

  void startErase() throws java.io.IOException {
    erase.start();
    eraseRuns++;
  }

  /**
   * Until erase has appended its entry to the ledger; answers the entry's offset. An erase that exits before, having
   * changed nothing, is run again (up to {@link #ERASE_RUNS} runs), saying so to {@code log}.
   */
  long awaitLedgerEntry(Duration timeout, Consumer<String> log) throws java.io.IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (entryOffset < 0) {
      boolean exited = !erase.isAlive();
      // read after the exit check: an entry appended just before erase exited is read here
      for (ConsumerRecord<String, byte[]> record : ledgerReader.poll(Duration.ofMillis(exited ? 1_000 : 50))) {
        entryOffset = entryOffset < 0 ? record.offset() : entryOffset;
      }
      if (entryOffset >= 0) {
        break;
      }
      if (System.nanoTime() > deadline || (exited && eraseRuns >= ERASE_RUNS)) {
        throw new IllegalStateException("erase appended nothing to " + ledger.topic() + " in " + eraseRuns
            + " runs; see " + erase.log());
      }
      if (exited) {
        log.accept("  erase exited before recording the erasure (see " + erase.log() + "); running it again");
        startErase();
      }
    }
    return entryOffset;
  }

  /**
   * Once the runner is dead: whether its ledger reader had committed past the entry before the kill, i.e. the job had
   * already applied the erasure (then this run did not kill it in flight, and fails saying so).
   */
  void recordWhetherApplied() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      OffsetAndMetadata committed = admin.listConsumerGroupOffsets(jobGroup).partitionsToOffsetAndMetadata()
          .get(30, TimeUnit.SECONDS).get(ledger);
      ackedBeforeKill = committed != null && committed.offset() > entryOffset;
    }
  }

  /** Waits for the erase call started before the kill to finish on its own. */
  void awaitErase() throws InterruptedException {
    eraseExit = erase.awaitExit(ERASE_TIMEOUT.plusMinutes(1));
  }

  /**
   * Rows of {@code database} that name the learner (pseudonym or address), scanned as the receipt's verification
   * does: every column that holds text of every table.
   */
  long learnerRows(Client client, String database) {
    return LearnerScan.scan(SchoolDatabase.Sql.of(client), List.of(database),
        List.of(List.of(pseudonym), ActorIdentifier.mbox(mbox).mentions())).total();
  }

  /** The erasure's receipts and ledger entries as they stand, with {@code learnerRows} found by the scans. */
  ErasureOutcome outcome(Client client, String database, long learnerRows) {
    List<String> entryIds = ledgerEntryIds();
    List<Map<String, Object>> receipts = ClickHouseQueries.rows(client, "SELECT receipt_id, verified, "
        + "requested_at_ms, completed_at_ms FROM " + database + ".erasure_receipts WHERE tenant = "
        + ClickHouseQueries.quote(cohort.tenant()) + " FORMAT JSONEachRow");
    boolean verified = receipts.size() == 1 && number(receipts.get(0).get("verified")) == 1;
    boolean matches = receipts.size() == 1 && entryIds.equals(List.of((String) receipts.get(0).get("receipt_id")));
    double seconds = receipts.isEmpty()
        ? 0
        : (number(receipts.get(0).get("completed_at_ms")) - number(receipts.get(0).get("requested_at_ms"))) / 1e3;
    return new ErasureOutcome(eraseRuns, eraseExit, receipts.size(), verified, matches, entryIds.size(), learnerRows,
        ackedBeforeKill, seconds);
  }

  /** The erasure id of every record of the ledger, read again from its start to its end. */
  private List<String> ledgerEntryIds() {
    ledgerReader.seekToBeginning(Set.of(ledger));
    long end = ledgerReader.endOffsets(Set.of(ledger), Duration.ofSeconds(30)).get(ledger);
    List<String> ids = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (ledgerReader.position(ledger, Duration.ofSeconds(30)) < end && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : ledgerReader.poll(Duration.ofMillis(200))) {
        ids.add(record.value() == null ? "(tombstone)" : ErasureRequest.fromJson(record.value()).erasureId());
      }
    }
    return ids;
  }

  private static long number(Object value) {
    return Long.parseLong(String.valueOf(value));
  }

  @Override
  public void close() throws InterruptedException {
    ledgerReader.close();
    erase.close();
  }
}
