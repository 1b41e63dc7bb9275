package org.learnstream.jobs.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.pipeline.PipelineJob;
import org.learnstream.jobs.pipeline.TestPipelineRuns;
import org.learnstream.jobs.replay.Replay;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.testing.EndToEndTestBase;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.ErasureReceipts;
import org.learnstream.pipeline.clickhouse.LearnerErasure;
import org.learnstream.pipeline.clickhouse.PersonErasure;
import org.learnstream.pipeline.clickhouse.TableContents;
import org.learnstream.pipeline.kafka.ErasureLedger;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.CohortSpec;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;
import org.learnstream.pipeline.simulate.StatementProducer;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.LearnerDigest;
import org.learnstream.pipeline.xapi.Pseudonymizer;

/**
 * The erasure ledger on the real broker, the job on Flink's MiniCluster and ClickHouse: a cohort streamed, one
 * learner erased while the live job runs (the erasure waits for the job to apply its ledger entry), then a statement
 * of that learner dated before the erasure sent: no row of it lands. A replay of the event log afterwards brings the
 * learner back in no table, nor the statements of another learner that named them (as their object, and in free
 * text), which the erasure deleted and named in the ledger; every other learner's mastery rows are the ones they had.
 */
class ErasureLedgerITCase extends EndToEndTestBase {

  private static final String TENANT = "ledger-it";
  private static final String OTHER_TENANT = "ledger-it-other";
  private static final int ERASED = 2;
  private static final int OTHER = 0;
  private static final String NAMED_AS_OBJECT = UUID.randomUUID().toString();
  private static final String NAMED_IN_TEXT = UUID.randomUUID().toString();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String pseudonym;
  private static List<String> othersMasteryBefore;
  private static ErasureReceipts.Receipt receipt;
  private static String jobState;
  private static ErasureRequest ledgerEntry;
  private static long erasedRowsAfterLateStatement;
  private static long lateStatementsLanded;
  private static long erasedRowsAfterReplay;
  private static List<String> othersMasteryAfterReplay;
  private static long eventsInLogOfTheLearner;
  private static long namingStatementsAfterErasure;
  private static long namingStatementsAfterReplay;
  private static long addressAfterReplay;

  @BeforeAll
  static void streamEraseSendLateThenReplay() throws Exception {
    CohortSimulator cohort = new CohortSimulator(CohortSpec.demo().withTenant(TENANT).withSeed(5).withLearners(8)
        .withDays(2).withSections(1));
    List<Keyed> statements = new ArrayList<>(cohort.statements().map(s -> new Keyed(s.actorKey(), s.json()))
        .toList());
    // two statements of another learner that name the one to be erased: as the object, and in free text
    Keyed othersFirst = statements.stream().filter(k -> k.key().equals(cohort.actorKey(OTHER))).findFirst()
        .orElseThrow();
    String erasedEmail = cohort.email(ERASED);
    statements.add(namingAsObject(othersFirst, NAMED_AS_OBJECT, erasedEmail));
    statements.add(namingInText(othersFirst, NAMED_IN_TEXT, erasedEmail));
    String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "l");
    Configuration config = TestPipelineRuns.runBoundedOn(KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), prefix,
        statements, settings -> {
        });
    ActorIdentifier identifier = ActorIdentifier.mbox("mailto:" + cohort.email(ERASED));
    pseudonym = Pseudonymizer.unkeyed().learnerId(TENANT, identifier.canonical());
    othersMasteryBefore = othersMastery();

    statementsRead(prefix + Topics.XAPI_STATEMENTS, config.get(PipelineOptions.CONSUMER_GROUP));
    JobClient live = TestPipelineRuns.startLive(KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), prefix, "ledger-it");
    try {
      ErasureLedger ledger = new ErasureLedger(KAFKA.bootstrapServers(), prefix + Topics.LEARNER_ERASURES);
      LearnerErasure erasure = new LearnerErasure(CLICKHOUSE.client(), CLICKHOUSE.database(), Pseudonymizer.unkeyed(),
          Duration.ofMinutes(3));
      Instant requested = Instant.now();
      Map<String, String> jobStates = new HashMap<>();
      receipt = erasure.execute(erasure.plan(new LearnerErasure.Learner(TENANT, pseudonym, Optional.of(identifier))),
          requested, "test", LearnerErasure.Listener.NONE, new PersonErasure(erasure, Pseudonymizer.unkeyed())
              .recordedIn(ledger, ErasureLedger.jobGroup(config.get(PipelineOptions.CONSUMER_GROUP)),
                  Duration.ofMinutes(2), jobStates, PipelineJob.settledRecords(config, KAFKA.bootstrapServers())));
      jobState = jobStates.get(receipt.receiptId());
      ledgerEntry = ledger.entries().stream().filter(e -> e.learner().equals(LearnerDigest.of(TENANT, pseudonym)))
          .findFirst().orElseThrow();
      namingStatementsAfterErasure = rowsOfTheNamingStatements();

      // the learner's statement dated before the erasure, then one of another tenant that shows the job got past it
      Keyed own = statements.stream().filter(k -> k.key().equals(cohort.actorKey(ERASED))).findFirst().orElseThrow();
      String marker = UUID.randomUUID().toString();
      try (StatementProducer producer = new StatementProducer(KAFKA.bootstrapServers(),
          prefix + Topics.XAPI_STATEMENTS)) {
        producer.sendAll(List.of(withIdAndTime(own, UUID.randomUUID().toString(), requested.minusSeconds(3600)),
            markerStatement(own, marker, requested)).iterator(), sent -> {
            });
      }
      awaitUntil(() -> ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM "
          + CLICKHOUSE.table("learning_events") + " WHERE statement_id = '" + marker + "'") == 1);
      // the event log is written in transactions committed at checkpoints, after the ClickHouse row: the replay below
      // reads only committed records, so the job is cancelled once the marker's event is committed there too
      awaitUntil(() -> committedInEventLog(prefix + Topics.LEARNING_EVENTS, marker));
      erasedRowsAfterLateStatement = rowsOfTheLearner();
    } finally {
      live.cancel().get();
    }
    lateStatementsLanded = ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM "
        + CLICKHOUSE.table("learning_events") + " WHERE learner = '" + pseudonym + "'");
    eventsInLogOfTheLearner = statements.stream().filter(k -> k.key().equals(cohort.actorKey(ERASED))).count();

    Replay.Result replay = Replay.run(config, KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), CLICKHOUSE.client(),
        Replay.Progress.SILENT);
    ClickHouseQueries.execute(CLICKHOUSE.client(), "DROP DATABASE IF EXISTS " + replay.backupDatabase());
    erasedRowsAfterReplay = rowsOfTheLearner();
    namingStatementsAfterReplay = rowsOfTheNamingStatements();
    addressAfterReplay = ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM "
        + CLICKHOUSE.table("learning_events") + " WHERE position(statement_json, " + ClickHouseQueries.quote(
            erasedEmail)
        + ") > 0");
    othersMasteryAfterReplay = othersMastery();
  }

  @Test
  void theErasureWaitedForTheRunningJobToApplyItsLedgerEntry() {
    assertThat(jobState).startsWith("cleared by the running job");
    assertThat(ledgerEntry.erasureId()).isEqualTo(receipt.receiptId());
    assertThat(new String(ledgerEntry.toJson(), java.nio.charset.StandardCharsets.UTF_8)).as("the ledger's entry")
        .contains(LearnerDigest.of(TENANT, pseudonym)).doesNotContain(pseudonym);
    assertThat(receipt.verified()).isTrue();
  }

  @Test
  void aStatementOfTheErasedLearnerDatedBeforeTheErasureLandsNowhere() {
    assertThat(erasedRowsAfterLateStatement).isZero();
    assertThat(lateStatementsLanded).isZero();
  }

  @Test
  void aReplayAfterTheErasureBringsTheLearnerBackInNoTable() {
    assertThat(eventsInLogOfTheLearner).as("the learner's events are still in the log").isPositive();
    assertThat(erasedRowsAfterReplay).isZero();
  }

  @Test
  void theLedgerNamesTheStatementsOfAnotherLearnerThatNamedTheErasedOne() {
    assertThat(ledgerEntry.erasureId()).isEqualTo(receipt.receiptId());
    assertThat(ledgerEntry.statementIds()).contains(NAMED_AS_OBJECT, NAMED_IN_TEXT);
    assertThat(namingStatementsAfterErasure).isZero();
  }

  @Test
  void aReplayAfterTheErasureBringsBackNoStatementThatNamedTheErasedLearner() {
    assertThat(namingStatementsAfterReplay).isZero();
    assertThat(addressAfterReplay).isZero();
  }

  @Test
  void everyOtherLearnersMasteryRowsAreTheOnesTheyHadAfterTheReplay() {
    assertThat(othersMasteryBefore).hasSizeGreaterThan(20);
    assertThat(othersMasteryAfterReplay).isEqualTo(othersMasteryBefore);
  }

  private static long rowsOfTheLearner() {
    long rows = 0;
    for (String table : List.of("learning_events", "mastery_updates", "mastery_current", "late_events", "alerts")) {
      rows += ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM " + CLICKHOUSE.table(table)
          + " WHERE learner = '" + pseudonym + "'");
    }
    return rows;
  }

  private static long rowsOfTheNamingStatements() {
    return ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM "
        + CLICKHOUSE.table("learning_events") + " WHERE statement_id IN ('" + NAMED_AS_OBJECT + "', '"
        + NAMED_IN_TEXT + "')");
  }

  /** Another learner's statement whose object is the learner with {@code email}, not an answer. */
  private static Keyed namingAsObject(Keyed statement, String id, String email) throws Exception {
    ObjectNode json = (ObjectNode) JSON.readTree(statement.json());
    json.put("id", id);
    json.remove("result");
    json.putObject("verb").put("id", "http://adlnet.gov/expapi/verbs/interacted");
    json.putObject("object").put("objectType", "Agent").put("mbox", "mailto:" + email);
    return new Keyed(statement.key(), JSON.writeValueAsBytes(json));
  }

  /** Another learner's statement that names {@code email} in its response only, not an answer. */
  private static Keyed namingInText(Keyed statement, String id, String email) throws Exception {
    ObjectNode json = (ObjectNode) JSON.readTree(statement.json());
    json.put("id", id);
    json.putObject("result").put("response", "asked " + email + " for help");
    return new Keyed(statement.key(), JSON.writeValueAsBytes(json));
  }

  private static List<String> othersMastery() {
    List<String> rows = new ArrayList<>();
    for (String table : List.of("mastery_updates", "mastery_current")) {
      rows.addAll(TableContents.rows(CLICKHOUSE.client(), CLICKHOUSE.database(), table, " WHERE tenant = '" + TENANT
          + "' AND learner != '" + pseudonym + "'", Set.of()));
    }
    return rows;
  }

  /**
   * Commits the end of the statements topic for the pipeline's group: the bounded run read every statement, but one
   * that ends before a checkpoint leaves its offsets uncommitted, and the live job would read the cohort again.
   */
  private static void statementsRead(String topic, String group) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
      admin.listOffsets(latest).all().get().forEach((partition, end) -> ends.put(partition,
          new OffsetAndMetadata(end.offset())));
      admin.alterConsumerGroupOffsets(group, ends).all().get();
    }
  }

  private static Keyed withIdAndTime(Keyed statement, String id, Instant timestamp) throws Exception {
    ObjectNode json = (ObjectNode) JSON.readTree(statement.json());
    json.put("id", id);
    json.put("timestamp", timestamp.toString());
    return new Keyed(statement.key(), JSON.writeValueAsBytes(json));
  }

  /** A statement of another tenant's learner: it lands once the job has read everything sent before it. */
  private static Keyed markerStatement(Keyed statement, String id, Instant timestamp) throws Exception {
    ObjectNode json = (ObjectNode) JSON.readTree(withIdAndTime(statement, id, timestamp).json());
    json.putObject("actor").put("objectType", "Agent").put("mbox", "mailto:marker@other.example");
    return new Keyed(OTHER_TENANT + "|mailto:marker@other.example", JSON.writeValueAsBytes(json));
  }

  private static boolean committedInEventLog(String topic, String statementId) {
    AtomicBoolean found = new AtomicBoolean();
    TopicRecords.forEach(KAFKA.bootstrapServers(), topic, "read_committed", record -> {
      if (record.value() != null && ByteScan.count(record.value(), statementId) > 0) {
        found.set(true);
      }
    });
    return found.get();
  }

  private static void awaitUntil(BooleanSupplier condition) {
    awaitUntil("the marker statement to land (table and event log)", condition);
  }

  /** Polls {@code condition} until it holds, for at most 2 minutes. */
  static void awaitUntil(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("waited 2 minutes in vain for " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
  }
}
