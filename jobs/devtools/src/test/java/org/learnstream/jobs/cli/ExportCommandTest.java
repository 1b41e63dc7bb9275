package org.learnstream.jobs.cli;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.learnstream.jobs.ingest.ActorKey;
import org.learnstream.jobs.ingest.AttachmentPart;
import org.learnstream.jobs.ingest.TenantCredentials;
import org.learnstream.jobs.ingest.documents.DocumentLimits;
import org.learnstream.jobs.ingest.documents.DocumentResources;
import org.learnstream.jobs.ingest.documents.DocumentStore;
import org.learnstream.jobs.ingest.documents.DocumentResource;
import org.learnstream.jobs.ingest.documents.DocumentDatabase;
import org.learnstream.jobs.ingest.documents.DocumentRecordTransactions;
import org.learnstream.jobs.ingest.documents.DocumentAddress;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.SchoolUser;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.xapi.Pseudonymizer;
import org.learnstream.pipeline.xapi.SamePerson;

/** {@code learnstream export} on a private ClickHouse server holding two learners of one school. */
class ExportCommandTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final String TENANT = "school-a";
  private static final String ANA = Pseudonymizer.unkeyed().learnerId(TENANT, "mbox:mailto:ana@school.example");
  private static final String BEN = Pseudonymizer.unkeyed().learnerId(TENANT, "account:https://lms.example|ben");
  private static final String DEE = Pseudonymizer.unkeyed().learnerId(TENANT, "mbox:mailto:dee@school.example");

  @BeforeAll
  static void twoLearners() {
    insert(ANA, "ana", "Ana Lima", "mailto:ana@school.example");
    insert(BEN, "ben", "Ben Okoro", "mailto:ben@school.example");
    // another learner's statement that names Ana as the instructor of a session
    insertStatement(DEE, "peer-session-1", 3, "https://lms.example/sessions/1",
        "{\"actor\":{\"name\":\"Dee Park\",\"mbox\":"
            + "\"mailto:dee@school.example\"},\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/attended\"},"
            + "\"object\":{\"id\":\"https://lms.example/sessions/1\"},\"result\":{\"response\":\"Dee's notes\"},"
            + "\"context\":{\"instructor\":{\"name\":\"Ana Lima\",\"mbox\":\"mailto:ana@school.example\"}}}");
  }

  @Test
  void theExportListsWhatOtherActorsStatementsSayOfTheLearnerWithoutTheirActorOrResult() throws Exception {
    JsonNode document = new ObjectMapper().readTree(run("export", "--tenant", TENANT, "--mbox",
        "mailto:ana@school.example").out());
    JsonNode named = document.path("tables").path("statements_naming_learner");

    assertThat(values(named, "statement_id")).containsExactly("peer-session-1");
    assertThat(named.get(0).path("roles").toString()).isEqualTo("[\"instructor\"]");
    assertThat(named.get(0).path("object_id").asText()).isEqualTo("https://lms.example/sessions/1");
    assertThat(named.toString()).doesNotContain("Dee").doesNotContain("dee@").doesNotContain(DEE)
        .doesNotContain("notes");
    assertThat(values(document.path("tables").path("learning_events"), "statement_id")).doesNotContain(
        "peer-session-1");

    JsonNode byPseudonym = new ObjectMapper().readTree(run("export", "--tenant", TENANT, "--pseudonym", ANA).out());
    assertThat(byPseudonym.path("tables").path("statements_naming_learner")).isEmpty();
    assertThat(byPseudonym.path("not_included").path("statements_naming_learner").asText())
        .contains("export by the identifier");
  }

  @Test
  void theExportHoldsTheLearnersStatementsMasteryAndAlertsAndNothingOfAnother(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ana.json");

    CliResult exported = run("export", "--tenant", TENANT, "--mbox", "mailto:ana@school.example", "--out",
        file.toString());

    assertThat(exported.code()).as(exported.err()).isZero();
    String text = Files.readString(file);
    assertThat(text).doesNotContain(BEN).doesNotContain("ben").doesNotContain("Ben Okoro");
    JsonNode tables = new ObjectMapper().readTree(text).path("tables");
    assertThat(values(tables.path("learning_events"), "statement_id")).containsExactly("ana-1", "ana-2");
    assertThat(tables.path("learning_events").get(0).path("statement_json").path("actor").path("name").asText())
        .isEqualTo("Ana Lima");
    assertThat(values(tables.path("mastery_updates"), "statement_id")).containsExactly("ana-1", "ana-2");
    assertThat(values(tables.path("mastery_current"), "learner")).containsExactly(ANA);
    assertThat(values(tables.path("alerts"), "alert_id")).containsExactly("alert-ana");
    assertThat(values(tables.path("alert_deliveries"), "alert_id")).containsExactly("alert-ana");
    assertThat(values(tables.path("learner_directory"), "display_name")).containsExactly("Ana Lima");
    assertThat(new ObjectMapper().readTree(text).path("not_included").path("attachments").asText())
        .as("no documents database named").contains("no documents database named");
    String requestId = new ObjectMapper().readTree(text).path("request_id").asText();
    assertThat(ClickHouseQueries.text(CLICKHOUSE.client(), "SELECT tenant, action, target FROM "
        + CLICKHOUSE.table("audit_log") + " WHERE action = 'export' FORMAT TabSeparated"))
        .contains(TENANT + "\texport\trequest " + requestId).doesNotContain(ANA);
  }

  @Test
  void anAccountOrAPseudonymNamesTheSameLearnerAsTheirIdentifierDoes() throws Exception {
    CliResult byAccount = run("export", "--tenant", TENANT, "--account-name", "ben", "--account-homepage",
        "https://lms.example");
    CliResult byPseudonym = run("export", "--tenant", TENANT, "--pseudonym", BEN);

    assertThat(byAccount.code()).as(byAccount.err()).isZero();
    assertThat(byPseudonym.code()).as(byPseudonym.err()).isZero();
    JsonNode tables = new ObjectMapper().readTree(byAccount.out()).path("tables");
    assertThat(values(tables.path("learning_events"), "statement_id")).containsExactly("ben-1", "ben-2");
    assertThat(new ObjectMapper().readTree(byPseudonym.out()).path("tables")).isEqualTo(tables);
  }

  @Test
  void anEmailAddressAlsoExportsTheRowsRecordedUnderItsSha1Sum() throws Exception {
    String sha1sum = "50001a9bcabc21efb6746b3d85cd03a70ac59ea4"; // sha1sum of "mailto:cleo@school.example"
    String byMbox = Pseudonymizer.unkeyed().learnerId(TENANT, "mbox:mailto:cleo@school.example");
    String bySha1 = Pseudonymizer.unkeyed().learnerId(TENANT, "mbox_sha1sum:" + sha1sum);
    insert(byMbox, "cleo", "Cleo", "mailto:cleo@school.example");
    insert(bySha1, "cleo-hashed", "Cleo", "mailto:cleo@school.example");

    CliResult exported = run("export", "--tenant", TENANT, "--mbox", "mailto:cleo@school.example");

    assertThat(exported.code()).as(exported.err()).isZero();
    JsonNode document = new ObjectMapper().readTree(exported.out());
    assertThat(document.path("learners").toString()).isEqualTo("[\"" + byMbox + "\",\"" + bySha1 + "\"]");
    assertThat(values(document.path("tables").path("learning_events"), "statement_id"))
        .containsExactlyInAnyOrder("cleo-1", "cleo-2", "cleo-hashed-1", "cleo-hashed-2");
    assertThat(values(document.path("tables").path("alerts"), "alert_id"))
        .containsExactlyInAnyOrder("alert-cleo", "alert-cleo-hashed");
  }

  @Test
  void theExportHoldsTheLearnersStateAndAgentProfileDocumentsAndNoOneElses(@TempDir Path dataDir) throws Exception {
    try (DocumentDatabase documents = DocumentDatabase.embedded(dataDir.resolve("documents"), 1)) {
      DocumentStore store = new DocumentStore(documents, Clock.systemUTC());
      store.change(stateOf("{\"mbox\":\"mailto:ana@school.example\"}"), "bookmark",
          existing -> new DocumentStore.Store("{\"page\":7}".getBytes(StandardCharsets.UTF_8), "application/json"));
      store.change(stateOf("{\"mbox\":\"mailto:ben@school.example\"}"), "bookmark",
          existing -> new DocumentStore.Store("{\"page\":2}".getBytes(StandardCharsets.UTF_8), "application/json"));
    }

    CliResult exported = run(Map.of("LEARNSTREAM_RUNTIME_DATA_DIR", dataDir.toString()), "export", "--tenant",
        TENANT, "--mbox", "mailto:ana@school.example");
    CliResult byPseudonym = run(Map.of("LEARNSTREAM_RUNTIME_DATA_DIR", dataDir.toString()), "export", "--tenant",
        TENANT, "--pseudonym", ANA);

    assertThat(exported.code()).as(exported.err()).isZero();
    JsonNode document = new ObjectMapper().readTree(exported.out());
    assertThat(document.path("documents")).hasSize(1);
    assertThat(document.path("documents").get(0).path("resource").asText()).isEqualTo("STATE");
    assertThat(document.path("documents").get(0).path("id").asText()).isEqualTo("bookmark");
    assertThat(document.path("documents").get(0).path("content").path("page").asInt()).isEqualTo(7);
    assertThat(document.path("not_included").has("documents")).isFalse();
    assertThat(new ObjectMapper().readTree(byPseudonym.out()).path("not_included").path("documents").asText())
        .contains("export by the identifier");
  }

  @Test
  void theExportHoldsTheAttachmentContentTheLearnersStatementsNameAndNoOtherContent(@TempDir Path dataDir)
      throws Exception {
    String essay = "Fay's essay on fractions";
    String fay = Pseudonymizer.unkeyed().learnerId(TENANT, "mbox:mailto:fay@school.example");
    insertStatement(fay, "fay-essay", 5, "https://lms.example/essays/1", "{\"actor\":{\"name\":\"Fay\","
        + "\"mbox\":\"mailto:fay@school.example\"},\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/submitted\"},"
        + "\"object\":{\"id\":\"https://lms.example/essays/1\"},\"attachments\":[{\"usageType\":\"u\","
        + "\"display\":{\"en\":\"essay\"},\"contentType\":\"text/plain\",\"length\":24,\"sha2\":\""
        + SchoolUser.sha256Hex(essay).toUpperCase(java.util.Locale.ROOT) + "\"}]}");
    try (DocumentResources serving = new DocumentResources(DocumentDatabase.embedded(dataDir.resolve("documents"), 1),
        TenantCredentials.developmentDefault(), DocumentLimits.defaults())) {
      serving.attachments().put(TENANT, List.of(part(essay), part("Ben's drawing")));
    }

    CliResult exported = run(Map.of("LEARNSTREAM_RUNTIME_DATA_DIR", dataDir.toString()), "export", "--tenant",
        TENANT, "--mbox", "mailto:fay@school.example");

    assertThat(exported.code()).as(exported.err()).isZero();
    JsonNode attachments = new ObjectMapper().readTree(exported.out()).path("attachments");
    assertThat(values(attachments, "sha2")).containsExactly(SchoolUser.sha256Hex(essay));
    assertThat(new String(java.util.Base64.getDecoder().decode(attachments.get(0).path("content_base64").asText()),
        StandardCharsets.UTF_8)).isEqualTo(essay);
    assertThat(exported.err()).contains(" attachments=1 ");
  }

  @Test
  void theExportHoldsThePersonsLearnerRecordsWithoutTheirKeysAndNoOneElses(@TempDir Path dataDir) throws Exception {
    LearnerRecord ana;
    LearnerRecord anaBySha1;
    try (DocumentDatabase documents = DocumentDatabase.embedded(dataDir.resolve("documents"), 1)) {
      LearnerRecordStore records = new LearnerRecordStore(new DocumentRecordTransactions(documents),
          Pseudonymizer.unkeyed());
      ana = records.resolve(TENANT, "mbox:mailto:ana@school.example");
      anaBySha1 = records.resolve(TENANT, SamePerson.canonicalsOf("mbox:mailto:ana@school.example").get(1));
      records.resolve(TENANT, "mbox:mailto:ben@school.example");
    }

    CliResult exported = run(Map.of("LEARNSTREAM_RUNTIME_DATA_DIR", dataDir.toString()), "export", "--tenant",
        TENANT, "--mbox", "mailto:ana@school.example");

    assertThat(exported.code()).as(exported.err()).isZero();
    JsonNode document = new ObjectMapper().readTree(exported.out());
    assertThat(document.path("learner_records")).extracting(r -> r.path("record_id").asText())
        .containsExactly(ana.id().toString(), anaBySha1.id().toString());
    assertThat(document.path("learner_records").get(0).path("pseudonym").asText()).isEqualTo(ana.pseudonym());
    assertThat(document.path("learner_records").get(0).path("created").asText())
        .isEqualTo(ana.created().toString());
    assertThat(document.path("learner_records").get(0).has("data_key")).isFalse();
    assertThat(exported.out()).doesNotContain(java.util.Base64.getEncoder().encodeToString(ana.dataKey()))
        .doesNotContain(java.util.HexFormat.of().formatHex(ana.dataKey()));
    assertThat(document.path("not_included").path("learner_records.data_key").asText()).contains("destroyed");
    assertThat(exported.err()).contains("learner_records=2");
    assertThat(document.path("learners")).extracting(JsonNode::asText).as("the job names them by these")
        .contains(ana.pseudonym(), anaBySha1.pseudonym());
    assertThat(document.path("learner").asText()).as("the pseudonym the rows of their record carry")
        .isEqualTo(ana.pseudonym());

    CliResult byRecordsPseudonym = run(Map.of("LEARNSTREAM_RUNTIME_DATA_DIR", dataDir.toString()), "export",
        "--tenant", TENANT, "--pseudonym", ana.pseudonym());
    assertThat(byRecordsPseudonym.code()).as(byRecordsPseudonym.err()).isZero();
    assertThat(new ObjectMapper().readTree(byRecordsPseudonym.out()).path("learner_records"))
        .extracting(r -> r.path("record_id").asText()).containsExactly(ana.id().toString());
  }

  @Test
  void aPersonWhomOnlyTheirDocumentsKnowIsExportedWithThemAndEmptyTables(@TempDir Path dataDir) throws Exception {
    try (DocumentDatabase documents = DocumentDatabase.embedded(dataDir.resolve("documents"), 1)) {
      new DocumentStore(documents, Clock.systemUTC()).change(stateOf("{\"mbox\":\"mailto:cy@school.example\"}"),
          "suspend", existing -> new DocumentStore.Store("{\"q\":5}".getBytes(StandardCharsets.UTF_8),
              "application/json"));
    }
    long audits = audits();

    CliResult exported = run(Map.of("LEARNSTREAM_RUNTIME_DATA_DIR", dataDir.toString()), "export", "--tenant",
        TENANT, "--mbox", "mailto:cy@school.example");

    assertThat(exported.code()).as(exported.err()).isZero();
    JsonNode document = new ObjectMapper().readTree(exported.out());
    assertThat(document.path("documents")).hasSize(1);
    assertThat(document.path("documents").get(0).path("id").asText()).isEqualTo("suspend");
    assertThat(document.path("tables").path("learning_events")).isEmpty();
    assertThat(audits()).isEqualTo(audits + 1);
  }

  @Test
  void aMalformedIdentifierIsRefusedNamingTheFieldAndRuleAndWritesNothing(@TempDir Path dir) {
    long audits = audits();

    CliResult refused = run("export", "--tenant", TENANT, "--mbox", "ana@school.example", "--out",
        dir.resolve("x.json").toString());

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("mbox").contains("rule mbox.mailto");
    assertThat(dir.resolve("x.json")).doesNotExist();
    assertThat(audits()).isEqualTo(audits);
  }

  @Test
  void anUnknownLearnerOrTwoIdentifiersAreRefusedAndWriteNothing(@TempDir Path dir) throws Exception {
    long audits = audits();

    CliResult unknown = run("export", "--tenant", TENANT, "--mbox", "mailto:nobody@school.example", "--out",
        dir.resolve("x.json").toString());
    CliResult two = run("export", "--tenant", TENANT, "--mbox", "mailto:ana@school.example", "--pseudonym", ANA);

    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("holds no learner with this identifier");
    assertThat(two.code()).isEqualTo(2);
    assertThat(two.err()).contains("exactly one of");
    assertThat(two.out()).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
    assertThat(audits()).isEqualTo(audits);
  }

  private static DocumentAddress stateOf(String agent) throws Exception {
    return new DocumentAddress(TENANT, DocumentResource.STATE, "https://lms.example/course",
        ActorKey.identifier(new ObjectMapper().readTree(agent)), null);
  }

  private static long audits() {
    return ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM system.tables WHERE database = '"
        + CLICKHOUSE.database() + "' AND name = 'audit_log'") == 0
            ? 0
            : ClickHouseQueries.count(CLICKHOUSE.client(), CLICKHOUSE.table("audit_log"));
  }

  private static List<String> values(JsonNode rows, String field) {
    List<String> values = new ArrayList<>();
    rows.forEach(row -> values.add(row.path(field).asText()));
    return values;
  }

  private static void insert(String learner, String name, String displayName, String mbox) {
    Client client = CLICKHOUSE.client();
    for (int i = 1; i <= 2; i++) {
      insertStatement(learner, name + "-" + i, i, "q", "{\"actor\":{\"name\":\"" + displayName + "\",\"mbox\":\"" + mbox
          + "\"},\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},\"object\":{\"id\":"
          + "\"https://q.example/" + i + "\"}}");
      ClickHouseQueries.execute(client, "INSERT INTO " + CLICKHOUSE.table("mastery_updates") + " (tenant, learner, "
          + "skill, statement_id, event_time, event_time_ms, sequence, correct, p_known_after) VALUES ('" + TENANT
          + "', '" + learner + "', 'k', '" + name + "-" + i + "', " + (1700000000 + i) + ", " + (1700000000 + i)
          + "000, " + i + ", 1, 0.5)");
    }
    ClickHouseQueries.execute(client, "INSERT INTO " + CLICKHOUSE.table("alerts") + " (alert_id, tenant, learner, "
        + "rule, severity, status, evidence, raised_at, version) VALUES ('alert-" + name + "', '" + TENANT + "', '"
        + learner + "', 'failure_streak', 'info', 'raised', '{}', 1700000000, 1)");
    ClickHouseQueries.execute(client, "INSERT INTO " + CLICKHOUSE.table("alert_deliveries") + " (alert_id, change, "
        + "subscription_id, attempt, status, at) VALUES ('alert-" + name + "', 'raised', 'sub-1', 1, 'delivered', "
        + "1700000000)");
    ClickHouseQueries.execute(client, "INSERT INTO " + CLICKHOUSE.table("learner_directory") + " (tenant, learner, "
        + "display_name, updated_at) VALUES ('" + TENANT + "', '" + learner + "', '" + displayName + "', 1700000000)");
  }

  private static void insertStatement(String learner, String statementId, int second, String object,
      String statement) {
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("learning_events")
        + " (statement_id, tenant, learner, kind, verb, object_id, object_type, skills, timestamp, timestamp_ms,"
        + " stored, stored_ms, statement_json) VALUES ('" + statementId + "', '" + TENANT + "', '" + learner
        + "', 'RESPONSE', 'answered', '" + object + "', 'Activity', ['k'], " + (1700000000 + second) + ", "
        + (1700000000 + second) + "000, " + (1700000000 + second) + ", " + (1700000000 + second) + "000, "
        + ClickHouseQueries.quote(statement) + ")");
  }

  private static AttachmentPart part(String text) {
    return new AttachmentPart(SchoolUser.sha256Hex(text), "text/plain", text.getBytes(StandardCharsets.UTF_8));
  }

  private static CliResult run(String... args) {
    return run(Map.of(), args);
  }

  private static CliResult run(Map<String, String> more, String... args) {
    Map<String, String> environment = new java.util.HashMap<>(more);
    environment.put("LEARNSTREAM_CLICKHOUSE_URL", CLICKHOUSE.endpoint().url());
    environment.put("LEARNSTREAM_CLICKHOUSE_USER", CLICKHOUSE.endpoint().user());
    environment.put("LEARNSTREAM_CLICKHOUSE_DATABASE", CLICKHOUSE.database());
    return CliResult.run(environment, args);
  }
}
