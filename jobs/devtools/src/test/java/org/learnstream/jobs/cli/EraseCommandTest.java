package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.ingest.ActorKey;
import org.learnstream.jobs.ingest.AttachmentPart;
import org.learnstream.jobs.ingest.AttachmentStore;
import org.learnstream.jobs.ingest.TenantCredentials;
import org.learnstream.jobs.ingest.documents.DocumentAddress;
import org.learnstream.jobs.ingest.documents.DocumentDatabase;
import org.learnstream.jobs.ingest.documents.DocumentLimits;
import org.learnstream.jobs.ingest.documents.DocumentRecordTransactions;
import org.learnstream.jobs.ingest.documents.DocumentResource;
import org.learnstream.jobs.ingest.documents.DocumentResources;
import org.learnstream.jobs.ingest.documents.DocumentStore;
import org.learnstream.jobs.ingest.documents.PersonDocuments;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.SchoolUser;
import org.learnstream.pipeline.kafka.ErasureLedger;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.records.RecordErasure;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.pipeline.testing.KafkaExtension;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.LearnerDigest;
import org.learnstream.pipeline.xapi.Pseudonymizer;

/**
 * {@code learnstream erase} on a real ClickHouse server and Kafka broker: a receipt for a known learner, exit 2 for bad
 * input, and no row deleted while no job has applied the erasure's ledger entry.
 */
class EraseCommandTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();
  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  /** Topics of this test class (the ledger among them), apart from other tests' on the same broker. */
  private static final String PREFIX = "erase-" + UUID.randomUUID().toString().substring(0, 8) + ".";

  private static final String ANA = Pseudonymizer.unkeyed().learnerId("school-1", "mbox:mailto:ana@example.org");

  @Test
  void erasingALearnerByEmailPrintsTheRowsRemovedAndAVerifiedReceiptAndIsAudited() {
    insertStatement("s-1", ANA, "ana@example.org");
    insertStatement("s-2", "someone-else", "ben@example.org");

    CliResult erased = run("erase", "--tenant", "school-1", "--mbox", "mailto:ana@example.org", "--without-job");

    assertThat(erased.code()).as(erased.err()).isZero();
    assertThat(erased.out()).contains("learner " + ANA).contains("learner digest " + LearnerDigest.of("school-1", ANA))
        .doesNotContain("learner digest " + ANA).contains("removed=").contains("verified=yes")
        .contains("job state: not waited for").doesNotContain("ana@example.org");
    assertThat(new ErasureLedger(KAFKA.bootstrapServers(), PREFIX + Topics.LEARNER_ERASURES).entries())
        .extracting(ErasureRequest::learner).contains(LearnerDigest.of("school-1", ANA));
    assertThat(ClickHouseQueries.text(CLICKHOUSE.client(), "SELECT statement_id FROM "
        + CLICKHOUSE.table("learning_events") + " FORMAT TabSeparated")).isEqualTo("s-2\n");
    assertThat(ClickHouseQueries.text(CLICKHOUSE.client(), "SELECT action FROM " + CLICKHOUSE.table("audit_log")
        + " WHERE tenant = 'school-1' FORMAT TabSeparated")).isEqualTo("erase\n");
  }

  @Test
  void erasingByEmailAlsoErasesTheLearnerRecordedUnderItsSha1SumWithAReceiptEach() {
    String sha1sum = "00f0629ecc1dcf863fbe7f426792e96ad77b5622"; // sha1sum of "mailto:dora@example.org"
    String byMbox = Pseudonymizer.unkeyed().learnerId("school-1", "mbox:mailto:dora@example.org");
    String bySha1 = Pseudonymizer.unkeyed().learnerId("school-1", "mbox_sha1sum:" + sha1sum);
    insertStatement("d-1", byMbox, "dora@example.org");
    insertStatement("d-2", bySha1, "dora@example.org");
    insertStatement("e-1", "someone-else-too", "eve@example.org");

    CliResult erased = run("erase", "--tenant", "school-1", "--mbox", "mailto:dora@example.org", "--without-job");

    assertThat(erased.code()).as(erased.err()).isZero();
    assertThat(erased.out()).contains("learner " + byMbox + " (by mbox)")
        .contains("learner " + bySha1 + " (by mbox_sha1sum)").doesNotContain("dora@example.org");
    assertThat(ClickHouseQueries.text(CLICKHOUSE.client(), "SELECT statement_id FROM "
        + CLICKHOUSE.table("learning_events") + " WHERE statement_id IN ('d-1', 'd-2', 'e-1') FORMAT TabSeparated"))
        .isEqualTo("e-1\n");
    String mboxDigest = LearnerDigest.of("school-1", byMbox);
    String sha1Digest = LearnerDigest.of("school-1", bySha1);
    assertThat(erased.out()).contains("learner digest " + mboxDigest).contains("learner digest " + sha1Digest);
    assertThat(ClickHouseQueries.text(CLICKHOUSE.client(), "SELECT learner, verified FROM "
        + CLICKHOUSE.table("erasure_receipts") + " WHERE learner IN ('" + mboxDigest + "', '" + sha1Digest
        + "') ORDER BY learner = '" + sha1Digest + "' FORMAT TabSeparated"))
        .isEqualTo(mboxDigest + "\t1\n" + sha1Digest + "\t1\n");
    assertThat(ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM "
        + CLICKHOUSE.table("erasure_receipts") + " WHERE learner IN ('" + byMbox + "', '" + bySha1 + "')"))
        .as("no receipt spells a pseudonym").isZero();
  }

  @Test
  void anUnknownLearnerOrAMalformedIdentifierExitsWith2AndChangesNothing() {
    insertStatement("s-3", "kept", "cleo@example.org");
    long rows = ClickHouseQueries.count(CLICKHOUSE.client(), CLICKHOUSE.table("learning_events"));

    CliResult unknown = run("erase", "--tenant", "school-1", "--mbox", "nobody@example.org");
    CliResult malformed = run("erase", "--tenant", "school-1", "--mbox", "not-an-address");
    CliResult twice = run("erase", "--tenant", "school-1", "--pseudonym", ANA, "--openid", "https://id.example/a");

    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("no rows of learner").contains("nothing was changed");
    assertThat(malformed.code()).isEqualTo(2);
    assertThat(malformed.err()).contains("--mbox: must be an e-mail address");
    assertThat(twice.code()).isEqualTo(2);
    assertThat(twice.err()).contains("name the learner once");
    assertThat(ClickHouseQueries.count(CLICKHOUSE.client(), CLICKHOUSE.table("learning_events"))).isEqualTo(rows);
  }

  @Test
  void withoutARunningJobTheErasureStopsAfterItsTimeoutNamingTheWayOutAndDeletesNothing() {
    String dora = Pseudonymizer.unkeyed().learnerId("school-1", "mbox:mailto:dora@example.org");
    insertStatement("s-4", dora, "dora@example.org");
    long rows = ClickHouseQueries.count(CLICKHOUSE.client(), CLICKHOUSE.table("learning_events"));

    CliResult waited = run("erase", "--tenant", "school-1", "--mbox", "mailto:dora@example.org", "--timeout", "PT3S");

    assertThat(waited.code()).isEqualTo(1);
    assertThat(waited.err()).contains("no running job has applied the erasure within PT3S").contains("--without-job");
    assertThat(ClickHouseQueries.count(CLICKHOUSE.client(), CLICKHOUSE.table("learning_events"))).isEqualTo(rows);
  }

  @Test
  void erasingByEmailFirstDeletesTheLearnerRecordsOfTheAddressAndOfItsSha1SumWhileTheDatabaseIsOpenElsewhere(
      @TempDir Path dataDir) throws Exception {
    String sha1sum = "86599c705c1f8fc7560acf40494fc47c08f15419"; // sha1sum of "mailto:fay@example.org"
    insertStatement("school-9", "f-1", Pseudonymizer.unkeyed().learnerId("school-9", "mbox:mailto:fay@example.org"),
        "fay@example.org");
    try (DocumentDatabase serving = DocumentDatabase.embedded(dataDir.resolve("documents"), 1)) {
      LearnerRecordStore records = recordsIn(serving);
      LearnerRecord byMbox = records.resolve("school-9", ActorIdentifier.mbox("mailto:fay@example.org").canonical());
      LearnerRecord bySha1 = records.resolve("school-9", ActorIdentifier.mboxSha1sum(sha1sum).canonical());
      LearnerRecord other = records.resolve("school-9", ActorIdentifier.mbox("mailto:gus@example.org").canonical());
      DocumentAddress fays = new DocumentAddress("school-9", DocumentResource.STATE, "https://lms.example/course",
          ActorKey.identifier(new ObjectMapper().readTree("{\"mbox\":\"mailto:fay@example.org\"}")), null);
      new DocumentStore(serving, Clock.systemUTC()).change(fays, "bookmark",
          existing -> new DocumentStore.Store("{\"page\":7}".getBytes(StandardCharsets.UTF_8), "application/json"));

      CliResult erased = eraseWithDataDir(dataDir, "school-9", "--mbox", "mailto:fay@example.org", "--without-job");

      assertThat(erased.code()).as(erased.err()).isZero();
      assertThat(erased.out())
          .contains("learner records: 2 deleted (record " + byMbox.id() + ", record " + bySha1.id() + ")")
          .containsPattern(RecordErasure.STORE.replace(".", "\\.") + " +2\\n")
          .contains("documents: 1 State and Agent Profile documents deleted")
          .containsPattern(PersonDocuments.STORE.replace(".", "\\.") + " +1\\n");
      assertThat(new DocumentStore(serving, Clock.systemUTC()).find(fays, "bookmark")).isEmpty();
      LearnerRecordStore uncached = recordsIn(serving);
      assertThat(uncached.findById("school-9", byMbox.id())).isEmpty();
      assertThat(uncached.findById("school-9", bySha1.id())).isEmpty();
      assertThat(uncached.findById("school-9", other.id())).contains(other);
    }
  }

  @Test
  void aPersonWhomOnlyTheirDocumentsKnowIsErasedThereRecordedInTheLedgerAndReceiptedWithTheDocumentsCount(
      @TempDir Path dataDir) throws Exception {
    String byMbox = Pseudonymizer.unkeyed().learnerId("school-7", "mbox:mailto:hal@example.org");
    try (DocumentDatabase serving = DocumentDatabase.embedded(dataDir.resolve("documents"), 1)) {
      DocumentAddress hals = stateOf("school-7", "hal@example.org");
      DocumentAddress ivys = stateOf("school-7", "ivy@example.org");
      DocumentStore store = new DocumentStore(serving, Clock.systemUTC());
      store.change(hals, "bookmark", existing -> json("{\"page\":3}"));
      store.change(ivys, "bookmark", existing -> json("{\"page\":4}"));

      CliResult erased = eraseWithDataDir(dataDir, "school-7", "--mbox", "mailto:hal@example.org", "--without-job");

      assertThat(erased.code()).as(erased.err()).isZero();
      assertThat(erased.out()).contains("learner " + byMbox + " (by mbox)")
          .contains("clickhouse: no rows in any table of").contains("learner records: none held")
          .contains("documents: 1 State and Agent Profile documents deleted").contains("verified=yes")
          .doesNotContain("hal@example.org");
      assertThat(store.find(hals, "bookmark")).isEmpty();
      assertThat(store.find(ivys, "bookmark")).isPresent();
    }
    assertThat(receiptRows("school-7", byMbox, PersonDocuments.STORE)).isEqualTo("1\t1\n");
    assertThat(receiptRows("school-7", byMbox, CLICKHOUSE.table("learning_events"))).isEqualTo("0\t1\n");
    assertThat(new ErasureLedger(KAFKA.bootstrapServers(), PREFIX + Topics.LEARNER_ERASURES).entries())
        .extracting(ErasureRequest::learner).contains(LearnerDigest.of("school-7", byMbox));
    assertThat(audits("school-7")).isEqualTo(2); // one per pseudonym: the address's and its mbox_sha1sum's
  }

  @Test
  void attachmentContentThatOnlyTheErasedStatementsNameIsDeletedWithThemAndContentOthersNameStays(
      @TempDir Path dataDir) throws Exception {
    String kai = Pseudonymizer.unkeyed().learnerId("school-5", "mbox:mailto:kai@example.org");
    insertStatement("school-5", "k-1", kai, "kai@example.org", "[{\"sha2\":\"" + SchoolUser.sha256Hex("kai's essay")
        + "\"},{\"sha2\":\"" + SchoolUser.sha256Hex("the class template") + "\"}]");
    insertStatement("school-5", "l-1", "someone-else", "lia@example.org", "[{\"sha2\":\""
        + SchoolUser.sha256Hex("the class template") + "\"}]");
    try (DocumentResources serving = new DocumentResources(DocumentDatabase.embedded(dataDir.resolve("documents"), 1),
        TenantCredentials.developmentDefault(), DocumentLimits.defaults())) {
      AttachmentStore attachments = serving.attachments();
      attachments.put("school-5", List.of(part("kai's essay"), part("the class template")));

      CliResult erased = eraseWithDataDir(dataDir, "school-5", "--mbox", "mailto:kai@example.org", "--without-job");

      assertThat(erased.code()).as(erased.err()).isZero();
      assertThat(erased.out()).contains("documents: 0 State and Agent Profile documents deleted; 1 attachment "
          + "contents that only the erased statements named deleted").contains("verified=yes");
      assertThat(attachments.get("school-5",
          List.of(SchoolUser.sha256Hex("kai's essay"), SchoolUser.sha256Hex("the class template"))))
          .containsOnlyKeys(SchoolUser.sha256Hex("the class template"));
    }
    assertThat(receiptRows("school-5", kai, PersonDocuments.ATTACHMENTS)).isEqualTo("1\t1\n");
  }

  @Test
  void aPersonWhomOnlyTheirLearnerRecordKnowsHasItDeletedAndAReceipt(@TempDir Path dataDir) throws Exception {
    LearnerRecord jos;
    try (DocumentDatabase serving = DocumentDatabase.embedded(dataDir.resolve("documents"), 1)) {
      LearnerRecordStore records = recordsIn(serving);
      jos = records.resolve("school-8", ActorIdentifier.openid("https://id.example/jo").canonical());

      CliResult erased = eraseWithDataDir(dataDir, "school-8", "--openid", "https://id.example/jo", "--without-job");

      assertThat(erased.code()).as(erased.err()).isZero();
      assertThat(erased.out()).contains("clickhouse: no rows in any table of")
          .contains("learner records: 1 deleted (record " + jos.id() + ")").contains("verified=yes");
      assertThat(recordsIn(serving).findById("school-8", jos.id())).isEmpty();
    }
    // the receipt names the learner by the digest of their record's pseudonym, the one the job names them by
    assertThat(receiptRows("school-8", jos.pseudonym(), RecordErasure.STORE)).isEqualTo("1\t1\n");
    assertThat(audits("school-8")).isEqualTo(1);
  }

  @Test
  void aPersonNoStoreKnowsIsRefusedAsBeforeAndNothingIsWrittenAnywhere(@TempDir Path dataDir) throws Exception {
    String byMbox = Pseudonymizer.unkeyed().learnerId("school-6", "mbox:mailto:nobody@example.org");
    try (DocumentDatabase serving = DocumentDatabase.embedded(dataDir.resolve("documents"), 1)) {
      LearnerRecordStore records = recordsIn(serving);
      LearnerRecord kept = records.resolve("school-6", ActorIdentifier.mbox("mailto:kim@example.org").canonical());
      long epoch = records.erasureEpoch();

      CliResult refused = eraseWithDataDir(dataDir, "school-6", "--mbox", "mailto:nobody@example.org", "--without-job");

      assertThat(refused.code()).isEqualTo(2);
      assertThat(refused.err()).contains("no rows of learner " + byMbox).contains("nothing was changed");
      assertThat(refused.out()).isEmpty();
      assertThat(records.erasureEpoch()).isEqualTo(epoch);
      assertThat(records.findById("school-6", kept.id())).contains(kept);
    }
    assertThat(ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM "
        + CLICKHOUSE.table("erasure_receipts") + " WHERE tenant = 'school-6'")).isZero();
    assertThat(audits("school-6")).isZero();
    assertThat(new ErasureLedger(KAFKA.bootstrapServers(), PREFIX + Topics.LEARNER_ERASURES).entries())
        .extracting(ErasureRequest::learner).doesNotContain(LearnerDigest.of("school-6", byMbox));
  }

  /** The learner records of {@code database}, read afresh (no cache shared with the command's). */
  private static LearnerRecordStore recordsIn(DocumentDatabase database) {
    return new LearnerRecordStore(new DocumentRecordTransactions(database), Pseudonymizer.unkeyed());
  }

  /**
   * The rows the receipt of the learner {@code pseudonym} counts in {@code store}, and whether it is verified,
   * tab-separated: the receipt names the learner by digest.
   */
  private static String receiptRows(String tenant, String pseudonym, String store) {
    return ClickHouseQueries.text(CLICKHOUSE.client(), "SELECT rows_removed[indexOf(stores, "
        + ClickHouseQueries.quote(store) + ")], verified FROM " + CLICKHOUSE.table("erasure_receipts")
        + " WHERE learner = " + ClickHouseQueries.quote(LearnerDigest.of(tenant, pseudonym)) + " FORMAT TabSeparated");
  }

  private static long audits(String tenant) {
    return ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM " + CLICKHOUSE.table("audit_log")
        + " WHERE tenant = " + ClickHouseQueries.quote(tenant) + " AND action = 'erase'");
  }

  private static DocumentAddress stateOf(String tenant, String email) throws Exception {
    return new DocumentAddress(tenant, DocumentResource.STATE, "https://lms.example/course",
        ActorKey.identifier(new ObjectMapper().readTree("{\"mbox\":\"mailto:" + email + "\"}")), null);
  }

  private static DocumentStore.Store json(String text) {
    return new DocumentStore.Store(text.getBytes(StandardCharsets.UTF_8), "application/json");
  }

  private static void insertStatement(String id, String learner, String email) {
    insertStatement("school-1", id, learner, email);
  }

  private static void insertStatement(String tenant, String id, String learner, String email) {
    insertStatement(tenant, id, learner, email, "[]");
  }

  private static void insertStatement(String tenant, String id, String learner, String email, String attachments) {
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("learning_events")
        + " (statement_id, tenant, learner, kind, verb, object_id, object_type, skills, timestamp, timestamp_ms,"
        + " stored, stored_ms, statement_json) VALUES ('" + id + "', '" + tenant + "', '" + learner
        + "', 'RESPONSE', 'v', "
        + "'o', 'Activity', [], 1700000000, 1700000000000, 1700000000, 1700000000000, '{\"actor\":{\"mbox\":"
        + "\"mailto:" + email + "\"},\"attachments\":" + attachments + "}')");
  }

  private static AttachmentPart part(String text) {
    return new AttachmentPart(SchoolUser.sha256Hex(text), "text/plain", text.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code erase --tenant} and {@code more}, with the documents database of {@code serve}'s data directory. */
  private static CliResult eraseWithDataDir(Path dataDir, String tenant, String... more) {
    List<String> args = new ArrayList<>(List.of("erase", "--tenant", tenant));
    args.addAll(List.of(more));
    return run(Map.of("LEARNSTREAM_RUNTIME_DATA_DIR", dataDir.toString()), args.toArray(String[]::new));
  }

  private static CliResult run(String... args) {
    return run(Map.of(), args);
  }

  private static CliResult run(Map<String, String> more, String... args) {
    Map<String, String> environment = new java.util.HashMap<>(more);
    environment.putAll(Map.of(
        "LEARNSTREAM_CLICKHOUSE_URL", CLICKHOUSE.endpoint().url(),
        "LEARNSTREAM_CLICKHOUSE_USER", CLICKHOUSE.endpoint().user(),
        "LEARNSTREAM_CLICKHOUSE_DATABASE", CLICKHOUSE.database(),
        "LEARNSTREAM_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
        "LEARNSTREAM_KAFKA_TOPIC_PREFIX", PREFIX));
    return CliResult.run(environment, args);
  }
}
