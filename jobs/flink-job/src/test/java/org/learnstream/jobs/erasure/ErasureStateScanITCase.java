package org.learnstream.jobs.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.pipeline.LearnerRecordAccess;
import org.learnstream.jobs.pipeline.PipelineJob;
import org.learnstream.jobs.pipeline.TestPipelineRuns;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.jobs.testing.EndToEndTestBase;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.ErasedStatements;
import org.learnstream.pipeline.clickhouse.ErasureReceipts;
import org.learnstream.pipeline.clickhouse.LearnerErasure;
import org.learnstream.pipeline.clickhouse.LearnerScan;
import org.learnstream.pipeline.clickhouse.PersonErasure;
import org.learnstream.pipeline.clickhouse.SchoolDatabase;
import org.learnstream.pipeline.kafka.AvroCodec;
import org.learnstream.pipeline.kafka.ErasureLedger;
import org.learnstream.pipeline.kafka.RecordNamed;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.records.JdbcRecordTransactions;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.records.LearnerSeal;
import org.learnstream.pipeline.records.SealException;
import org.learnstream.pipeline.records.SealedEvents;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.CohortSpec;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;
import org.learnstream.pipeline.simulate.StatementProducer;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.LearnerDigest;
import org.learnstream.pipeline.xapi.Pseudonymizer;
import org.learnstream.pipeline.xapi.SamePerson;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

/**
 * What is left of an erased learner after the erasure, store by store, on the real broker, the job on Flink's
 * MiniCluster and ClickHouse. A cohort streams straight to Kafka, in the clear, through the live job, which keeps
 * learner records (as every local serve, run and demo does): it names learners by their records' random pseudonyms
 * and seals their statements' text in the event log. One learner, who sent statements under their e-mail address and
 * under their LMS account, is erased by both identifiers as {@code learnstream erase} does it (their records deleted,
 * ledger entry, the job applies it, then the tables); the job then stops with a savepoint.
 *
 * <p>The savepoint is read as bytes, every file of it: flink-state-processor-api is not on Maven Central for the
 * Flink version of the build (2.2.1), and state is written uncompressed, with text as its bytes. It must hold none of
 * the learner's e-mail address, name, account name and pseudonyms: the erased learners' set, and the state kept per
 * learner, name them by {@link LearnerDigest}; a savepoint taken before the erasure shows the same scan finds them,
 * and the one after still finds another learner. No Kafka topic holds the pseudonyms (the ledger names the learner
 * by digest too). Every ClickHouse table,
 * every column as text, holds none of them either. The event log, opened with every learner record still there,
 * holds no identifier or name of the learner (their events no longer open, nor do another learner's that name them
 * as their instructor or as the person they mentored, which were sealed under the learner's record as well), and
 * none of their pseudonyms, since it names people by their records; nor do the derived topics (mastery.updates,
 * alerts), which name learners so too; nor do the raw statements, written in the clear: the erasure deleted those
 * the job had read, which is all of them here; nor do the dead letters, which keep a refused statement's bytes: the
 * erasure deleted those the job had committed from Kafka, and the learner's from the {@code dead_letters} table,
 * where another learner's stays.
 */
class ErasureStateScanITCase extends EndToEndTestBase {

  private static final String TENANT = "scan-it";
  private static final int ERASED = 3;
  private static final int OTHER = 5;
  private static final String HOME_PAGE = "https://lms.scan-it.example";
  private static final String ACCOUNT_NAME = "acct-scan-0003";
  private static final int NAMING_STATEMENTS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path savepoints;

  private static String email;
  private static String name;
  /** The ids of the statements the erasure deletes (the learner's, and those of another naming them), and of others. */
  private static final List<String> DELETED_IDS = new ArrayList<>();
  private static final List<String> KEPT_IDS = new ArrayList<>();
  private static List<String> erasedPseudonyms;
  private static String otherPseudonym;
  private static final List<ErasureReceipts.Receipt> RECEIPTS = new ArrayList<>();
  private static final Map<String, String> JOB_STATES = new LinkedHashMap<>();
  private static Path before;
  private static Path after;
  private static LearnerScan.Result tablesAfter;
  private static LearnerScan.Result tablesWithOther;
  private static Map<String, Map<String, Integer>> topics;
  private static JdbcRecordTransactions records;
  private static int erasedRecords;
  private static EventLogOpened eventLogOpened;
  private static Map<Boolean, Long> updatesByRecord;
  private static String rawTopic;
  private static String deadLetterTopic;
  private static int rawStatementsSent;
  private static Keyed refusedOfTheLearner;
  private static Keyed refusedOfAnother;
  private static List<String> deadLettersLeft;

  @BeforeAll
  static void streamEraseAndStopWithASavepoint() throws Exception {
    CohortSimulator cohort = new CohortSimulator(CohortSpec.demo().withTenant(TENANT).withSeed(17).withLearners(8)
        .withDays(2).withSections(1));
    email = cohort.email(ERASED);
    name = cohort.displayName(ERASED);
    List<Keyed> statements = new ArrayList<>(cohort.statements().map(s -> new Keyed(s.actorKey(), s.json()))
        .toList());
    List<Keyed> byAccount = statements.stream().filter(k -> k.key().equals(cohort.actorKey(ERASED))).limit(6)
        .map(ErasureStateScanITCase::byAccount).toList();
    statements.addAll(byAccount);
    // another learner's statements that name the learner: as the instructor of a peer-tutoring session, and the
    // first as the one they mentored
    List<Keyed> naming = new ArrayList<>(statements.stream().filter(k -> k.key().equals(cohort.actorKey(OTHER)))
        .limit(NAMING_STATEMENTS).map(k -> namingTheLearner(k, "mailto:" + email, name)).toList());
    naming.set(0, withTheLearnerAsObject(naming.get(0), "mailto:" + email, name));
    // the learner's own under either identifier, and the naming ones
    statements.forEach(k -> (k.key().equals(cohort.actorKey(ERASED)) || byAccount.contains(k)
        ? DELETED_IDS
        : KEPT_IDS).add(idOf(k)));
    naming.forEach(k -> DELETED_IDS.add(idOf(k)));
    statements.addAll(naming);
    // a statement of the learner's and one of another learner's that the job refuses: dead letters, their bytes whole
    refusedOfTheLearner = refused(statements.stream().filter(k -> k.key().equals(cohort.actorKey(ERASED)))
        .findFirst().orElseThrow());
    refusedOfAnother = refused(statements.stream().filter(k -> k.key().equals(cohort.actorKey(OTHER))).findFirst()
        .orElseThrow());
    ActorIdentifier mbox = ActorIdentifier.mbox("mailto:" + email);
    ActorIdentifier account = ActorIdentifier.account(HOME_PAGE, ACCOUNT_NAME);
    Pseudonymizer pseudonyms = Pseudonymizer.unkeyed();
    PersonErasure erasure = new PersonErasure(new LearnerErasure(CLICKHOUSE.client(), CLICKHOUSE.database(),
        pseudonyms, Duration.ofMinutes(3)), pseudonyms);
    assertThat(cohort.displayName(OTHER)).as("names tell the learners apart").isNotEqualTo(name);

    String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "s");
    rawTopic = prefix + Topics.XAPI_STATEMENTS;
    deadLetterTopic = prefix + Topics.DEAD_LETTERS;
    List<Keyed> sent = new ArrayList<>(statements);
    sent.add(refusedOfTheLearner);
    sent.add(refusedOfAnother);
    rawStatementsSent = sent.size();
    try (StatementProducer producer = new StatementProducer(KAFKA.bootstrapServers(),
        prefix + Topics.XAPI_STATEMENTS)) {
      producer.sendAll(sent.iterator(), written -> {
      });
    }
    // the job keeps learner records, as every local serve, run and demo does: it names learners by them
    Configuration jobSettings = TestPipelineRuns.settings(prefix);
    jobSettings.set(RuntimeOptions.DATA_DIR, savepoints.resolve("data").toString());
    records = LearnerRecordAccess.from(jobSettings).transactions();
    LearnerRecordStore store = new LearnerRecordStore(records, pseudonyms);
    JobClient live = TestPipelineRuns.startLive(KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), prefix, "scan-it",
        c -> c.set(RuntimeOptions.DATA_DIR, savepoints.resolve("data").toString()));
    try {
      ErasureLedgerITCase.awaitUntil("every statement of the cohort in learning_events", () -> ClickHouseQueries
          .scalarLong(CLICKHOUSE.client(), "SELECT uniqExact(statement_id) FROM " + CLICKHOUSE.table(
              "learning_events") + " WHERE tenant = '" + TENANT + "'") == statements.size());
      ErasureLedgerITCase.awaitUntil("both refused statements in dead_letters", () -> ClickHouseQueries
          .scalarLong(CLICKHOUSE.client(), "SELECT count() FROM " + CLICKHOUSE.table("dead_letters")
              + " WHERE position(payload, " + ClickHouseQueries.quote(idOf(refusedOfTheLearner)) + ") > 0"
              + " OR position(payload, " + ClickHouseQueries.quote(idOf(refusedOfAnother)) + ") > 0") == 2);
      before = savepointPath(live.triggerSavepoint(savepoints.resolve("before").toUri().toString(),
          SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES));

      // as erase does it: the pseudonyms from the records, then the records deleted, then the ledger and the tables
      List<LearnerErasure.Learner> byAddress = erasure.learners(TENANT, Optional.of(mbox), null,
          store.pseudonymsOf(TENANT, SamePerson.canonicalsOf(mbox.canonical())));
      List<LearnerErasure.Learner> byLms = erasure.learners(TENANT, Optional.of(account), null,
          store.pseudonymsOf(TENANT, SamePerson.canonicalsOf(account.canonical())));
      erasedPseudonyms = new ArrayList<>();
      erasedPseudonyms.add(byAddress.get(0).pseudonym());
      byAddress.stream().skip(1).forEach(l -> erasedPseudonyms.add(l.pseudonym()));
      byLms.stream().skip(1).forEach(l -> erasedPseudonyms.add(l.pseudonym()));
      erasedPseudonyms.add(byLms.get(0).pseudonym());
      otherPseudonym = store.find(TENANT, ActorIdentifier.mbox("mailto:" + cohort.email(OTHER)).canonical())
          .orElseThrow().pseudonym();
      erasedRecords = store.erasePerson(TENANT, mbox).size() + store.erasePerson(TENANT, account).size();

      ErasureLedger ledger = new ErasureLedger(KAFKA.bootstrapServers(), prefix + Topics.LEARNER_ERASURES);
      String jobGroup = ErasureLedger.jobGroup(TestPipelineRuns.settings(prefix).get(PipelineOptions.CONSUMER_GROUP));
      for (List<LearnerErasure.Learner> person : List.of(byAddress, byLms)) {
        RECEIPTS.addAll(erasure.execute(erasure.plan(person), Instant.now(), "test", LearnerErasure.Listener.NONE,
            erasure.recordedIn(ledger, jobGroup, Duration.ofMinutes(2), JOB_STATES,
                PipelineJob.settledRecords(TestPipelineRuns.settings(prefix), KAFKA.bootstrapServers()))));
      }
      after = savepointPath(live.stopWithSavepoint(false, savepoints.resolve("after").toUri().toString(),
          SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES));
    } finally {
      // a job stopped with its savepoint has taken its per-job MiniCluster down: asking it for a status then throws
      if (after == null) {
        live.cancel().get();
      }
    }

    List<String> databases = new LearnerErasure(CLICKHOUSE.client(), CLICKHOUSE.database(), pseudonyms,
        Duration.ofMinutes(1)).databases(TENANT);
    List<List<String>> traces = new ArrayList<>();
    traces.add(List.of(email));
    traces.add(List.of(name));
    traces.add(List.of(ACCOUNT_NAME));
    erasedPseudonyms.forEach(p -> traces.add(List.of(p)));
    tablesAfter = LearnerScan.scan(SchoolDatabase.Sql.of(CLICKHOUSE.client()), databases, traces);
    tablesWithOther = LearnerScan.scan(SchoolDatabase.Sql.of(CLICKHOUSE.client()), databases,
        List.of(List.of(otherPseudonym)));
    topics = scanTopics(prefix);
    deadLettersLeft = ClickHouseQueries.rows(CLICKHOUSE.client(), "SELECT payload FROM " + CLICKHOUSE.table(
        "dead_letters")).stream().map(row -> (String) row.get("payload")).toList();
    eventLogOpened = openEventLog(prefix, store);
    updatesByRecord = updatesByHowTheyNameTheLearner(prefix);
    System.out.println("erasure state scan: savepoint before " + occurrences(before) + "; after "
        + occurrences(after) + " in " + ByteScan.files(after).size() + " files; other learner's pseudonym "
        + ByteScan.countInFiles(after, otherPseudonym) + "; tables " + tablesAfter.occurrences() + " of "
        + tablesAfter.tablesScanned() + " scanned; raw statements deleted " + RECEIPTS.stream()
            .map(r -> r.rowsRemoved().get("kafka." + rawTopic)).toList()
        + " of " + rawStatementsSent + " sent; dead letters deleted " + RECEIPTS.stream()
            .map(r -> r.rowsRemoved().get("kafka." + deadLetterTopic)).toList()
        + "; topics "
        + topics);
  }

  private static String idOf(Keyed statement) {
    try {
      return JSON.readTree(statement.json()).path("id").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void closeRecords() {
    if (records != null) {
      records.close();
    }
  }

  @Test
  void theEndpointRefusesTheIdOfEveryStatementTheErasureDeletedAndOfNoOther() {
    Set<String> erased = new HashSet<>();
    ClickHouseQueries.rows(CLICKHOUSE.client(), ErasedStatements.amongQuery(CLICKHOUSE.database(), TENANT,
        concat(DELETED_IDS, KEPT_IDS))).forEach(row -> erased.add((String) row.get("statement_id")));

    assertThat(DELETED_IDS).hasSizeGreaterThan(NAMING_STATEMENTS);
    assertThat(erased).containsExactlyInAnyOrderElementsOf(DELETED_IDS);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> both = new ArrayList<>(a);
    both.addAll(b);
    return both;
  }

  @Test
  void theSavepointAfterTheErasureHoldsNoIdentifierNameOrAccountNameOfTheLearner() {
    assertThat(ByteScan.files(after)).isNotEmpty();
    for (String text : List.of(email, name, ACCOUNT_NAME, "mailto:" + email)) {
      assertThat(ByteScan.countInFiles(after, text)).as(text).isZero();
    }
  }

  @Test
  void theSavepointAfterTheErasureHoldsNoneOfTheLearnersPseudonymsOnlyTheDigestsTheirErasureNamesThemBy() {
    for (String pseudonym : erasedPseudonyms) {
      assertThat(ByteScan.countInFiles(after, pseudonym)).as(pseudonym).isZero();
    }
    assertThat(ByteScan.countInFiles(after, LearnerDigest.of(TENANT, erasedPseudonyms.get(0))))
        .as("the erased learners' set of the operators that drop their events").isPositive();
  }

  @Test
  void theSameScanFindsTheLearnerBeforeTheErasureAndAnotherLearnerAfterIt() {
    assertThat(ByteScan.countInFiles(before, erasedPseudonyms.get(0))).isPositive();
    assertThat(ByteScan.countInFiles(before, erasedPseudonyms.get(erasedPseudonyms.size() - 1))).isPositive();
    assertThat(ByteScan.countInFiles(after, otherPseudonym)).isPositive();
  }

  @Test
  void noKafkaTopicHoldsTheLearnersPseudonymsTheLedgerNamesThemByDigest() {
    for (Map.Entry<String, Map<String, Integer>> topic : topics.entrySet()) {
      for (String pseudonym : erasedPseudonyms) {
        assertThat(topic.getValue().get(pseudonym)).as(topic.getKey() + ": " + pseudonym).isZero();
      }
    }
    assertThat(topics).containsKey(Topics.LEARNER_ERASURES);
  }

  @Test
  void theRawStatementsTheJobHadReadAreDeletedSoNoneOfTheLearnersTextWrittenInTheClearIsLeftInKafka() {
    for (String text : List.of(email, name, ACCOUNT_NAME)) {
      assertThat(topics.get(Topics.XAPI_STATEMENTS).get(text)).as("xapi.statements: " + text).isZero();
    }
    assertThat(RECEIPTS.get(0).rowsRemoved().get("kafka." + rawTopic)).as("the first receipt counts them")
        .isGreaterThanOrEqualTo(rawStatementsSent);
    assertThat(JOB_STATES.get(RECEIPTS.get(0).receiptId()))
        .contains("records the job had read deleted, 0 offsets past them kept");
  }

  @Test
  void theDeadLettersTheJobHadCommittedAreDeletedFromKafkaAndAnotherLearnersStaysInTheirTable() {
    for (String text : List.of(email, name)) {
      assertThat(topics.get(Topics.DEAD_LETTERS).get(text)).as("dead.letters: " + text).isZero();
    }
    assertThat(RECEIPTS.get(0).rowsRemoved().get("kafka." + deadLetterTopic)).as("the first receipt counts them")
        .isGreaterThanOrEqualTo(2);
    assertThat(JOB_STATES.get(RECEIPTS.get(0).receiptId()))
        .contains("committed records deleted (each is kept in the ClickHouse table dead_letters");
    assertThat(deadLettersLeft).as("the dead_letters table: the other learner's refused statement, not the learner's")
        .anyMatch(payload -> payload.contains(idOf(refusedOfAnother)))
        .noneMatch(payload -> payload.contains(idOf(refusedOfTheLearner)) || payload.contains(email));
  }

  @Test
  void noClickHouseTableHoldsTheLearnerWhileTheSameScanFindsAnotherLearner() {
    // by address: their record's pseudonym, and the address's HMAC one, which their refused statement's dead letter
    // (written before any record named them) is found under too; by account: their record's
    assertThat(RECEIPTS).hasSize(3).allSatisfy(r -> assertThat(r.verified()).isTrue());
    assertThat(JOB_STATES.values()).hasSize(3)
        .allSatisfy(state -> assertThat(state).startsWith("cleared by the running job"));
    assertThat(tablesAfter.occurrences()).isEmpty();
    assertThat(tablesAfter.tablesScanned()).isGreaterThan(20);
    assertThat(tablesWithOther.occurrences()).containsKey(CLICKHOUSE.table("learning_events"));
  }

  @Test
  void theEventLogOpenedWithEveryKeyStillThereHoldsNoIdentifierOrNameOfTheLearner() {
    assertThat(erasedRecords).as("the learner's records: by address and by account").isEqualTo(2);
    assertThat(eventLogOpened.unreadable()).as("the learner's events, sealed under erased records, and another "
        + "learner's that name them, sealed under their record too").isEqualTo(71 + NAMING_STATEMENTS);
    assertThat(eventLogOpened.opened()).as("every other learner's").isPositive();
    for (String text : List.of(email, name, ACCOUNT_NAME)) {
      assertThat(eventLogOpened.texts().get(text)).as(text).isZero();
      assertThat(topics.get(Topics.LEARNING_EVENTS).get(text)).as("sealed: " + text).isZero();
    }
  }

  @Test
  void theEventLogNamesTheLearnerByTheirErasedRecordsAloneAndHoldsNoneOfTheirPseudonyms() {
    for (String pseudonym : erasedPseudonyms) {
      assertThat(topics.get(Topics.LEARNING_EVENTS).get(pseudonym)).as(pseudonym).isZero();
    }
    assertThat(eventLogOpened.pseudonyms()).as("put back from the records as the log is read")
        .contains(otherPseudonym).doesNotContainAnyElementsOf(erasedPseudonyms);
  }

  @Test
  void theLearnersPseudonymsLinkToNoLearnerRecordAfterTheErasure() throws Exception {
    LearnerRecordStore store = new LearnerRecordStore(records, Pseudonymizer.unkeyed());
    for (String pseudonym : erasedPseudonyms) {
      assertThat(store.findByPseudonym(TENANT, pseudonym)).as(pseudonym).isEmpty();
    }
    assertThat(store.findByPseudonym(TENANT, otherPseudonym)).isPresent();
    assertThat(erasedPseudonyms.get(0)).as("a record's random pseudonym, not the HMAC of the address")
        .isNotEqualTo(Pseudonymizer.unkeyed().learnerId(TENANT, ActorIdentifier.mbox("mailto:" + email).canonical()));
  }

  @Test
  void theDerivedTopicsHoldNoIdentifierNameOrPseudonymOfTheLearner() {
    List<String> texts = new ArrayList<>(List.of(email, name, ACCOUNT_NAME));
    texts.addAll(erasedPseudonyms);
    for (String derived : List.of(Topics.MASTERY_UPDATES, Topics.ALERTS)) {
      for (String text : texts) {
        assertThat(topics.get(derived).get(text)).as(derived + ": " + text).isZero();
      }
    }
    // how many updates the job has emitted when it stops depends on its watermark then; there are some
    assertThat(updatesByRecord.get(true)).as("updates in mastery.updates naming their learner by record").isPositive();
    assertThat(updatesByRecord.get(false)).as("updates naming their learner otherwise").isZero();
  }

  private static Map<String, Object> occurrences(Path savepoint) {
    Map<String, Object> found = new LinkedHashMap<>();
    found.put("e-mail", ByteScan.countInFiles(savepoint, email));
    found.put("name", ByteScan.countInFiles(savepoint, name));
    found.put("account name", ByteScan.countInFiles(savepoint, ACCOUNT_NAME));
    erasedPseudonyms.forEach(p -> found.put(p, ByteScan.countInFiles(savepoint, p)));
    return found;
  }

  /** Per topic (without the prefix), per text: the records whose key or value holds it, aborted ones included. */
  private static Map<String, Map<String, Integer>> scanTopics(String prefix) throws Exception {
    List<String> texts = new ArrayList<>(List.of(email, name, ACCOUNT_NAME));
    texts.addAll(erasedPseudonyms);
    Map<String, Map<String, Integer>> found = new TreeMap<>();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      for (String topic : admin.listTopics().names().get()) {
        if (!topic.startsWith(prefix)) {
          continue;
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        texts.forEach(t -> counts.put(t, 0));
        TopicRecords.forEach(KAFKA.bootstrapServers(), topic, "read_uncommitted", record -> texts.forEach(t -> {
          if (record.key() != null && ByteScan.count(record.key(), t) > 0
              || record.value() != null && ByteScan.count(record.value(), t) > 0) {
            counts.merge(t, 1, Integer::sum);
          }
        }));
        found.put(topic.substring(prefix.length()), counts);
      }
    }
    return found;
  }

  /** The event log's records opened with every learner record still there: the texts of the learner in them. */
  private record EventLogOpened(long opened, long unreadable, Map<String, Long> texts, Set<String> pseudonyms) {
  }

  private static EventLogOpened openEventLog(String prefix, LearnerRecordStore store) {
    AvroCodec<LearningEvent> codec = AvroCodec.of(LearningEvent.class);
    LearnerSeal seal = new LearnerSeal();
    long[] counts = new long[2];
    Map<String, Long> texts = new LinkedHashMap<>();
    List.of(email, name, ACCOUNT_NAME).forEach(t -> texts.put(t, 0L));
    Set<String> pseudonyms = new HashSet<>();
    TopicRecords.forEach(KAFKA.bootstrapServers(), prefix + Topics.LEARNING_EVENTS, "read_committed", record -> {
      LearningEvent event = codec.decode(record.value());
      try {
        LearningEvent opened = SealedEvents.opened(event, store::findById, seal);
        String text = opened.getStatementJson();
        pseudonyms.add(opened.getLearner());
        counts[0]++;
        texts.replaceAll((t, n) -> n + (text.contains(t) ? 1 : 0));
      } catch (SealException e) {
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(SealException.Reason.RECORD_ERASED);
        counts[1]++;
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    return new EventLogOpened(counts[0], counts[1], texts, pseudonyms);
  }

  /** How the updates in {@code mastery.updates} name their learners: by a record alone, or otherwise. */
  private static Map<Boolean, Long> updatesByHowTheyNameTheLearner(String prefix) {
    AvroCodec<MasteryUpdate> codec = AvroCodec.of(MasteryUpdate.class);
    Map<Boolean, Long> named = new TreeMap<>(Map.of(true, 0L, false, 0L));
    TopicRecords.forEach(KAFKA.bootstrapServers(), prefix + Topics.MASTERY_UPDATES, "read_uncommitted",
        r -> named.merge(RecordNamed.namedByRecord(codec.decode(r.value())), 1L, Long::sum));
    return named;
  }

  private static Path savepointPath(String location) {
    return Path.of(URI.create(location.startsWith("file:") ? location : "file:" + location));
  }

  /** Another learner's statement turned into one naming the learner as its instructor, without a result. */
  private static Keyed namingTheLearner(Keyed statement, String mbox, String displayName) {
    return edited(statement, statement.key(), json -> {
      json.put("id", UUID.randomUUID().toString());
      json.remove("result");
      json.putObject("verb").put("id", "http://adlnet.gov/expapi/verbs/attended");
      json.putObject("object").put("id", "https://lms.scan-it.example/sessions/peer-tutoring");
      json.withObject("/context").putObject("instructor").put("mbox", mbox).put("name", displayName);
    });
  }

  /** {@code naming} with the learner as its object (the person mentored) rather than its instructor. */
  private static Keyed withTheLearnerAsObject(Keyed naming, String mbox, String displayName) {
    return edited(naming, naming.key(), json -> {
      ((ObjectNode) json.get("context")).remove("instructor");
      json.putObject("verb").put("id", "http://id.tincanapi.com/verb/mentored");
      json.putObject("object").put("objectType", "Agent").put("mbox", mbox).put("name", displayName);
    });
  }

  /** {@code statement} under a new id with a scaled score past 1, which the job refuses (a dead letter). */
  private static Keyed refused(Keyed statement) {
    return edited(statement, statement.key(), json -> {
      json.put("id", UUID.randomUUID().toString());
      json.withObject("/result").withObject("/score").put("scaled", 2.5);
    });
  }

  /** The learner's statement sent by their LMS under their account instead of their e-mail address. */
  private static Keyed byAccount(Keyed statement) {
    return edited(statement, TENANT + "|account:" + HOME_PAGE + "|" + ACCOUNT_NAME, json -> {
      String actorName = json.path("actor").path("name").asText();
      json.put("id", UUID.randomUUID().toString());
      json.putObject("actor").put("objectType", "Agent").put("name", actorName).putObject("account")
          .put("homePage", HOME_PAGE).put("name", ACCOUNT_NAME);
    });
  }

  /** {@code statement}'s JSON changed by {@code edit}, under {@code key}. */
  private static Keyed edited(Keyed statement, String key, Consumer<ObjectNode> edit) {
    try {
      ObjectNode json = (ObjectNode) JSON.readTree(statement.json());
      edit.accept(json);
      return new Keyed(key, JSON.writeValueAsBytes(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
