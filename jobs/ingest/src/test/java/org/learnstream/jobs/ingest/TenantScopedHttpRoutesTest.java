package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.ingest.documents.DocumentAddress;
import org.learnstream.jobs.ingest.documents.DocumentDatabase;
import org.learnstream.jobs.ingest.documents.DocumentLimits;
import org.learnstream.jobs.ingest.documents.DocumentResource;
import org.learnstream.jobs.ingest.documents.DocumentResources;
import org.learnstream.jobs.ingest.documents.DocumentStore;
import org.learnstream.jobs.ingest.documents.PersonDocuments;
import org.learnstream.jobs.notify.SubscriptionStore;
import org.learnstream.jobs.settings.IngestOptions;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.SchoolUser;
import org.learnstream.pipeline.clickhouse.TenantAdministration;
import org.learnstream.pipeline.kafka.ErasureLedger;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.records.RecordErasure;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.pipeline.testing.KafkaExtension;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.LearnerDigest;
import org.learnstream.pipeline.xapi.Pseudonymizer;
import org.learnstream.schemas.Subscription;

/**
 * The endpoint's routes answer only within the caller's tenant, and the admin routes only to the administrator: two
 * schools and an administrator over real HTTP, with a real Kafka broker (subscriptions) and ClickHouse (statements,
 * schools, the audit trail).
 */
class TenantScopedHttpRoutesTest {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String SCHOOL_A = basic("school-a", "secret-a");
  private static final String SCHOOL_B = basic("school-b", "secret-b");
  private static final String ADMIN = basic("admin", "admin-secret");

  private static IngestServer server;
  private static SubscriptionStore subscriptions;
  private static ErasureLedger ledger;
  @TempDir
  static Path documentsDir;
  private static DocumentResources documents;
  private static LearnerRecordStore records;

  @BeforeAll
  static void startServer() {
    String topic = KAFKA.uniqueTopic("xapi.statements");
    String subscriptionTopic = "alert.subscriptions-" + UUID.randomUUID();
    KAFKA.createTopic(subscriptionTopic, 1, Map.of("cleanup.policy", "compact"));
    subscriptions = new SubscriptionStore(KAFKA.bootstrapServers(), subscriptionTopic);
    TenantCredentials credentials = TenantScopedStatementReadsTest.credentials();
    Configuration settings = new Configuration();
    settings.set(IngestOptions.ADMIN_SECRET_SHA256, SchoolUser.sha256Hex("admin-secret"));
    KafkaPublisherSettings kafka = new KafkaPublisherSettings(KAFKA.bootstrapServers(), topic,
        "tenant-routes-test-" + UUID.randomUUID(), 1, Duration.ofSeconds(10), Duration.ofSeconds(20), Map.of());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    SubscriptionRoutes subscriptionRoutes = new SubscriptionRoutes(credentials, subscriptions);
    TenantAdminRoutes adminRoutes = new TenantAdminRoutes(AdminAccess.from(settings, credentials),
        new TenantAdministration(CLICKHOUSE.client(), CLICKHOUSE.database()));
    ledger = new ErasureLedger(KAFKA.bootstrapServers(), "learner.erasures-" + UUID.randomUUID());
    // no job reads this ledger: an erasure that waits for one gives up after the timeout (short: only the 503 test
    // waits for it, every other erasure here is sent without the job)
    documents = new DocumentResources(DocumentDatabase.embedded(documentsDir, 2), credentials,
        new DocumentLimits(4096), Pseudonymizer.unkeyed());
    records = documents.records().orElseThrow();
    ErasureAdminRoute erasureRoute = new ErasureAdminRoute(AdminAccess.from(settings, credentials), CLICKHOUSE.client(),
        CLICKHOUSE.database(), Pseudonymizer.unkeyed(), Duration.ofSeconds(2), ledger, "no-job-" + UUID.randomUUID(),
        List.of(), PersonDocuments.eraser(documents.database(), records));
    server = IngestServer.start(IngestServerSettings.from(settings, credentials, kafka).withPort(0),
        new ClickHouseStatementStore(CLICKHOUSE.client(), CLICKHOUSE.database()),
        new KafkaStatementPublisher(kafka, registry), registry, app -> {
          subscriptionRoutes.route(app);
          adminRoutes.route(app);
          erasureRoute.route(app);
        }, AttachmentStore.NONE);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
    if (documents != null) {
      documents.close();
    }
  }

  @Test
  void anotherSchoolsCredentialsGet404ForAStatementAndNeverItsBody() throws Exception {
    String id = TenantScopedStatementReadsTest.insertStatementOfSchoolA(CLICKHOUSE);

    HttpResponse<String> own = call("GET", "/xapi/statements?statementId=" + id, SCHOOL_A, null);
    HttpResponse<String> other = call("GET", "/xapi/statements?statementId=" + id, SCHOOL_B, null);

    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.body()).contains("secret-marker");
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(other.body()).doesNotContain("secret-marker").doesNotContain("answered");
  }

  @Test
  void anotherSchoolCannotListReadChangeOrDeleteASchoolsSubscription() throws Exception {
    HttpResponse<String> created = call("POST", "/subscriptions", SCHOOL_A, subscription("ana@a.example",
        "https://a.example/hook"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = JSON.readTree(created.body()).get("id").asText();
    assertThat(created.body()).doesNotContain("hook-secret");

    HttpResponse<String> listedByB = call("GET", "/subscriptions", SCHOOL_B, null);
    HttpResponse<String> readByB = call("GET", "/subscriptions/" + id, SCHOOL_B, null);
    HttpResponse<String> changedByB = call("PUT", "/subscriptions/" + id, SCHOOL_B,
        subscription("mallory@b.example", "https://b.example/steal"));
    HttpResponse<String> deletedByB = call("DELETE", "/subscriptions/" + id, SCHOOL_B, null);

    assertThat(listedByB.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(listedByB.body()).get("subscriptions").findValuesAsText("id")).doesNotContain(id);
    assertThat(List.of(readByB, changedByB, deletedByB)).allSatisfy(r -> {
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).doesNotContain("ana@a.example").doesNotContain("a.example/hook");
    });
    Subscription kept = subscriptions.readAll().get(id);
    assertThat(kept.getSpecialist()).isEqualTo("ana@a.example");
    assertThat(kept.getWebhookUrl()).isEqualTo("https://a.example/hook");
    assertThat(kept.getTenant()).isEqualTo("school-a");
    HttpResponse<String> listedByA = call("GET", "/subscriptions", SCHOOL_A, null);
    assertThat(JSON.readTree(listedByA.body()).get("subscriptions").findValuesAsText("id")).contains(id);
  }

  @Test
  void aSchoolCannotCreateASubscriptionForAnotherSchool() throws Exception {
    String specialist = "eve-" + UUID.randomUUID() + "@b.example";
    String forA = subscription(specialist, "https://b.example/hook").replace("{", "{\"tenant\":\"school-a\",");

    HttpResponse<String> refused = call("POST", "/subscriptions", SCHOOL_B, forA);

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("$.tenant").contains("subscription.own-tenant");
    assertThat(subscriptions.readAll().values()).noneMatch(s -> s.getSpecialist().equals(specialist));
  }

  @Test
  void aSchoolChangesAndDeletesItsOwnSubscriptionKeepingTheSecretWhenNoneIsSent() throws Exception {
    String id = JSON.readTree(call("POST", "/subscriptions", SCHOOL_A, subscription("joe@a.example",
        "https://a.example/one")).body()).get("id").asText();

    HttpResponse<String> changed = call("PUT", "/subscriptions/" + id, SCHOOL_A,
        "{\"specialist\":\"joe@a.example\",\"webhookUrl\":\"https://a.example/two\",\"minSeverity\":\"warning\"}");

    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    Subscription now = subscriptions.readAll().get(id);
    assertThat(now.getWebhookUrl()).isEqualTo("https://a.example/two");
    assertThat(now.getMinSeverity()).isEqualTo("warning");
    assertThat(now.getSecret()).isEqualTo("hook-secret");
    assertThat(call("DELETE", "/subscriptions/" + id, SCHOOL_A, null).statusCode()).isEqualTo(204);
    assertThat(subscriptions.readAll()).doesNotContainKey(id);
    assertThat(call("GET", "/subscriptions/" + id, SCHOOL_A, null).statusCode()).isEqualTo(404);
  }

  @Test
  void badSubscriptionInputIsRefusedWith400NamingEachFieldAndRule() throws Exception {
    HttpResponse<String> r = call("POST", "/subscriptions", SCHOOL_A, "{\"specialist\":\"x@a.example\","
        + "\"webhookUrl\":\"ftp://a.example\",\"rules\":[\"no_such_rule\"],\"digest\":\"daily\",\"colour\":1}");

    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode violations = JSON.readTree(r.body()).get("violations");
    assertThat(violations.findValuesAsText("path")).contains("$.webhookUrl", "$.secret", "$.rules[0]", "$.digest",
        "$.colour");
    assertThat(violations.findValuesAsText("rule")).contains("subscription.webhook-url", "subscription.required",
        "subscription.rule", "subscription.digest", "subscription.known-field");
    assertThat(call("POST", "/subscriptions", SCHOOL_A, "[1]").statusCode()).isEqualTo(400);
    assertThat(call("GET", "/subscriptions", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void missingOrWrongAdminCredentialsGet401AnLmsCredentialGets403AndNothingChanges() throws Exception {
    String before = schoolsAndAudit();
    String school = "{\"id\":\"school-z\",\"name\":\"Zed School\"}";

    List<HttpResponse<String>> refused = List.of(
        call("POST", "/admin/tenants", null, school),
        call("POST", "/admin/tenants", basic("admin", "wrong"), school),
        call("POST", "/admin/tenants", SCHOOL_A, school),
        call("GET", "/admin/tenants", SCHOOL_B, null),
        call("DELETE", "/admin/tenants/school-a", basic("school-a", "admin-secret"), null));

    assertThat(refused).extracting(HttpResponse::statusCode).containsExactly(401, 401, 403, 403, 401);
    assertThat(refused.get(0).headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(refused.get(2).body()).contains("credentials.admin");
    assertThat(schoolsAndAudit()).isEqualTo(before);
    assertThat(ClickHouseQueries.scalarLong(CLICKHOUSE.client(),
        "SELECT count() FROM system.databases WHERE name = 'tenant_school_z'")).isZero();
  }

  @Test
  void theAdministratorAddsListsAndRemovesASchoolAndEveryActionIsAudited() throws Exception {
    HttpResponse<String> added = call("POST", "/admin/tenants", ADMIN, "{\"id\":\"school-y\",\"name\":\"Y School\"}");

    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    JsonNode answer = JSON.readTree(added.body());
    assertThat(answer.at("/lmsCredentials/secretSha256").asText())
        .isEqualTo(SchoolUser.sha256Hex(answer.at("/lmsCredentials/secret").asText()));
    assertThat(answer.at("/clickhouseUser/usersFile").asText()).contains("<allow_databases><database>tenant_school_y");
    assertThat(call("POST", "/admin/tenants", ADMIN, "{\"id\":\"school-y\",\"name\":\"Y\"}").statusCode())
        .isEqualTo(409);
    assertThat(call("POST", "/admin/tenants", ADMIN, "{\"id\":\"Bad_Id\",\"name\":\"\"}").body())
        .contains("$.id").contains("tenant.id-form").contains("$.name").contains("tenant.name-required");
    HttpResponse<String> listed = call("GET", "/admin/tenants", ADMIN, null);
    assertThat(JSON.readTree(listed.body()).get("tenants").findValuesAsText("id")).contains("school-y");
    assertThat(call("DELETE", "/admin/tenants/school-y", ADMIN, null).statusCode()).isEqualTo(204);
    assertThat(call("DELETE", "/admin/tenants/school-y", ADMIN, null).statusCode()).isEqualTo(404);

    assertThat(ClickHouseQueries.text(CLICKHOUSE.client(), "SELECT who, tenant, action, target FROM "
        + CLICKHOUSE.table("audit_log") + " WHERE who = 'http:admin' AND action LIKE 'tenants %' ORDER BY at_ms"
        + " FORMAT TabSeparated"))
        .isEqualTo("http:admin\tschool-y\ttenants add\tschool-y\n"
            + "http:admin\t\ttenants list\t\n"
            + "http:admin\tschool-y\ttenants remove\tschool-y\n");
  }

  private static String schoolsAndAudit() {
    return ClickHouseQueries.text(CLICKHOUSE.client(), "SELECT count(), groupArray(id) FROM "
        + CLICKHOUSE.table("tenants") + " FORMAT TabSeparated")
        + ClickHouseQueries.text(CLICKHOUSE.client(), "SELECT count() FROM " + CLICKHOUSE.table("audit_log")
            + " FORMAT TabSeparated");
  }

  private static String subscription(String specialist, String webhook) {
    return "{\"specialist\":\"" + specialist + "\",\"webhookUrl\":\"" + webhook + "\",\"secret\":\"hook-secret\","
        + "\"rules\":[\"inactivity\"],\"courses\":[\"math-7\"]}";
  }

  @Test
  void theAdministratorErasesALearnerOverHttpAndGetsAVerifiedReceiptWhileOthersStay() throws Exception {
    String erased = insertLearnerStatement("erase-me@a.example");
    String kept = insertLearnerStatement("keep-me@a.example");

    HttpResponse<String> byLms = call("POST", "/admin/erasures", SCHOOL_A, erasure("erase-me@a.example"));
    HttpResponse<String> byNobody = call("POST", "/admin/erasures", null, erasure("erase-me@a.example"));
    assertThat(byLms.statusCode()).isEqualTo(403);
    assertThat(byNobody.statusCode()).isEqualTo(401);
    assertThat(rowsOf(erased)).isEqualTo(1);

    HttpResponse<String> answer = call("POST", "/admin/erasures", ADMIN, withoutJob(erasure("erase-me@a.example")));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode receipt = JSON.readTree(answer.body());
    assertThat(receipt.get("jobState").asText()).startsWith("not waited for");
    assertThat(ledger.entries()).anySatisfy(entry -> {
      assertThat(entry.learner()).isEqualTo(LearnerDigest.of("school-a", erased));
      assertThat(entry.erasureId()).isEqualTo(receipt.get("receipt").asText());
    });
    assertThat(receipt.get("verified").asBoolean()).isTrue();
    assertThat(receipt.get("learnerDigest").asText()).isEqualTo(LearnerDigest.of("school-a", erased));
    assertThat(receipt.has("learner")).isFalse();
    assertThat(receipt.get("rowsRemoved").get(CLICKHOUSE.database() + ".learning_events").asLong()).isEqualTo(1);
    assertThat(answer.body()).doesNotContain("erase-me@a.example");
    assertThat(rowsOf(erased)).isZero();
    assertThat(rowsOf(kept)).isEqualTo(1);
    assertThat(ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM " + CLICKHOUSE.table("audit_log")
        + " WHERE action = 'erase' AND who = 'http:admin' AND target = "
        + ClickHouseQueries.quote(receipt.get("receipt").asText()))).isEqualTo(1);
  }

  @Test
  void anErasureByEmailAlsoErasesTheLearnerRecordedUnderItsSha1SumAndAnswersTheirReceiptToo() throws Exception {
    LearnerRecord recordByMbox = records.resolve("school-a",
        ActorIdentifier.mbox("mailto:twice@a.example").canonical());
    LearnerRecord recordBySha1 = records.resolve("school-a", // sha1sum of "mailto:twice@a.example"
        ActorIdentifier.mboxSha1sum("133ee3d731b71dab338382f946e49eba526d1d24").canonical());
    // the job names learners by their records' pseudonyms
    String byMbox = insertStatementOf(recordByMbox.pseudonym(), "twice@a.example");
    String bySha1 = insertStatementOf(recordBySha1.pseudonym(), "twice@a.example");
    DocumentAddress bookmarks = new DocumentAddress("school-a", DocumentResource.STATE, "https://a.example/course",
        ActorKey.identifier(JSON.readTree("{\"mbox\":\"mailto:twice@a.example\"}")), null);
    new DocumentStore(documents.database(), Clock.systemUTC()).change(bookmarks, "bookmark",
        existing -> new DocumentStore.Store("{\"page\":7}".getBytes(StandardCharsets.UTF_8), "application/json"));

    HttpResponse<String> answer = call("POST", "/admin/erasures", ADMIN, withoutJob(erasure("twice@a.example")));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode receipt = JSON.readTree(answer.body());
    assertThat(receipt.get("learnerDigest").asText()).isEqualTo(LearnerDigest.of("school-a", byMbox));
    assertThat(receipt.path("sameLearner").get(0).get("learnerDigest").asText())
        .isEqualTo(LearnerDigest.of("school-a", bySha1));
    assertThat(receipt.path("sameLearner").get(0).get("verified").asBoolean()).isTrue();
    assertThat(rowsOf(byMbox)).isZero();
    assertThat(rowsOf(bySha1)).isZero();
    assertThat(receipt.get("learnerRecords").asText()).startsWith("2 deleted")
        .contains(recordByMbox.id().toString(), recordBySha1.id().toString());
    assertThat(receipt.get("rowsRemoved").get(RecordErasure.STORE).asLong()).isEqualTo(2);
    assertThat(receipt.path("sameLearner").get(0).get("rowsRemoved").has(RecordErasure.STORE)).isFalse();
    assertThat(ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT rows_removed[indexOf(stores, "
        + ClickHouseQueries.quote(RecordErasure.STORE) + ")] FROM " + CLICKHOUSE.table("erasure_receipts")
        + " WHERE receipt_id = " + ClickHouseQueries.quote(receipt.get("receipt").asText()))).isEqualTo(2);
    assertThat(records.findById("school-a", recordByMbox.id())).isEmpty();
    assertThat(records.findById("school-a", recordBySha1.id())).isEmpty();
    assertThat(receipt.get("documents").asText()).isEqualTo("1 State and Agent Profile documents deleted");
    assertThat(receipt.get("rowsRemoved").get(PersonDocuments.STORE).asLong()).isEqualTo(1);
    assertThat(new DocumentStore(documents.database(), Clock.systemUTC()).find(bookmarks, "bookmark")).isEmpty();
  }

  @Test
  void aPersonWhomOnlyTheirDocumentsKnowIsErasedOverHttpWithAReceiptCountingThem() throws Exception {
    String learner = Pseudonymizer.unkeyed().learnerId("school-a",
        ActorIdentifier.mbox("mailto:player-only@a.example").canonical());
    DocumentAddress launch = new DocumentAddress("school-a", DocumentResource.STATE, "https://a.example/course",
        ActorKey.identifier(JSON.readTree("{\"mbox\":\"mailto:player-only@a.example\"}")), null);
    new DocumentStore(documents.database(), Clock.systemUTC()).change(launch, "launch",
        existing -> new DocumentStore.Store("{\"mode\":\"normal\"}".getBytes(StandardCharsets.UTF_8),
            "application/json"));

    HttpResponse<String> answer = call("POST", "/admin/erasures", ADMIN, withoutJob(erasure("player-only@a.example")));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode receipt = JSON.readTree(answer.body());
    assertThat(receipt.get("learnerDigest").asText()).isEqualTo(LearnerDigest.of("school-a", learner));
    assertThat(receipt.get("verified").asBoolean()).isTrue();
    assertThat(receipt.get("clickhouse").asText()).startsWith("no rows in any table of");
    assertThat(receipt.get("documents").asText()).isEqualTo("1 State and Agent Profile documents deleted");
    assertThat(receipt.get("rowsRemoved").get(PersonDocuments.STORE).asLong()).isEqualTo(1);
    assertThat(receipt.get("rowsRemoved").get(CLICKHOUSE.database() + ".learning_events").asLong()).isZero();
    assertThat(new DocumentStore(documents.database(), Clock.systemUTC()).find(launch, "launch")).isEmpty();
    assertThat(ledger.entries()).extracting(ErasureRequest::learner).contains(LearnerDigest.of("school-a", learner));
    assertThat(receiptsOf(learner)).isEqualTo(1);
  }

  @Test
  void aPersonWhomOnlyTheirLearnerRecordKnowsHasItDeletedOverHttpWithAReceipt() throws Exception {
    LearnerRecord record = records.resolve("school-a", ActorIdentifier.mbox("mailto:sealed-only@a.example")
        .canonical());

    HttpResponse<String> answer = call("POST", "/admin/erasures", ADMIN, withoutJob(erasure("sealed-only@a.example")));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode receipt = JSON.readTree(answer.body());
    assertThat(receipt.get("learnerRecords").asText()).startsWith("1 deleted").contains(record.id().toString());
    assertThat(receipt.get("rowsRemoved").get(RecordErasure.STORE).asLong()).isEqualTo(1);
    assertThat(records.findById("school-a", record.id())).isEmpty();
    assertThat(receipt.get("learnerDigest").asText()).isEqualTo(LearnerDigest.of("school-a", record.pseudonym()));
    assertThat(receiptsOf(record.pseudonym())).isEqualTo(1);
  }

  @Test
  void anErasureOfAnUnknownLearnerIs404AndAMalformedOneIs400NamingTheField() throws Exception {
    String kept = insertLearnerStatement("stays@a.example");
    String nobody = Pseudonymizer.unkeyed().learnerId("school-a",
        ActorIdentifier.mbox("mailto:nobody@a.example").canonical());
    long epoch = records.erasureEpoch();

    HttpResponse<String> unknown = call("POST", "/admin/erasures", ADMIN, erasure("nobody@a.example"));
    HttpResponse<String> malformed = call("POST", "/admin/erasures", ADMIN,
        "{\"tenant\":\"school-a\",\"agent\":{\"mbox\":\"not-an-address\"}}");
    HttpResponse<String> twoLearners = call("POST", "/admin/erasures", ADMIN,
        "{\"tenant\":\"school-a\",\"agent\":{\"mbox\":\"mailto:stays@a.example\"},\"pseudonym\":\"" + kept
            + "\"}");

    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
    assertThat(unknown.body()).contains("erasure.known-learner").contains("no rows of learner " + nobody);
    assertThat(receiptsOf(nobody)).isZero();
    assertThat(records.erasureEpoch()).isEqualTo(epoch);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("\"$.agent.mbox\"").contains("erasure.agent-identifier")
        .as("the answer names the agent's member, not an option of the command line").doesNotContain("--mbox");
    assertThat(twoLearners.statusCode()).isEqualTo(400);
    assertThat(twoLearners.body()).contains("erasure.one-learner");
    assertThat(rowsOf(kept)).isEqualTo(1);
  }

  @Test
  void anErasureThatNoRunningJobAppliesIs503NamingTheWayOutAndDeletesNothing() throws Exception {
    String learner = insertLearnerStatement("no-job@a.example");

    HttpResponse<String> answer = call("POST", "/admin/erasures", ADMIN, erasure("no-job@a.example"));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
    assertThat(answer.body()).contains("erasure.job-applied").contains("\\\"withoutJob\\\": true");
    assertThat(rowsOf(learner)).isEqualTo(1);
    assertThat(ledger.entries()).anySatisfy(entry -> assertThat(entry.learner())
        .isEqualTo(LearnerDigest.of("school-a", learner)));
  }

  @Test
  void anErasureByTheLearnerRecordsPseudonymDeletesTheRecordWithTheRows() throws Exception {
    LearnerRecord record = records.resolve("school-a",
        ActorIdentifier.mbox("mailto:by-pseudonym@a.example").canonical());
    String learner = insertStatementOf(record.pseudonym(), "by-pseudonym@a.example");

    HttpResponse<String> answer = call("POST", "/admin/erasures", ADMIN,
        withoutJob("{\"tenant\":\"school-a\",\"pseudonym\":\"" + learner + "\"}"));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(rowsOf(learner)).isZero();
    assertThat(JSON.readTree(answer.body()).get("learnerRecords").asText()).startsWith("1 deleted")
        .contains(record.id().toString());
    assertThat(records.findById("school-a", record.id())).isEmpty();
  }

  private static String withoutJob(String erasure) {
    return erasure.substring(0, erasure.length() - 1) + ",\"withoutJob\":true}";
  }

  private static String erasure(String address) {
    return "{\"tenant\":\"school-a\",\"agent\":{\"mbox\":\"mailto:" + address + "\"}}";
  }

  /** One landed statement of school-a by the learner of {@code address}; returns the learner's pseudonym. */
  private static String insertLearnerStatement(String address) {
    return insertStatementOf(Pseudonymizer.unkeyed().learnerId("school-a",
        ActorIdentifier.mbox("mailto:" + address).canonical()), address);
  }

  private static String insertStatementOf(String learner, String address) {
    String id = UUID.randomUUID().toString();
    String body = "{\"id\":\"" + id + "\",\"actor\":{\"mbox\":\"mailto:" + address + "\"}}";
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("learning_events")
        + " (statement_id, tenant, learner, kind, verb, object_id, object_type, skills, timestamp, timestamp_ms,"
        + " stored, stored_ms, statement_json) VALUES (" + ClickHouseQueries.quote(id) + ", 'school-a', "
        + ClickHouseQueries.quote(learner) + ", 'RESPONSE', 'http://v/answered', 'http://o', 'Activity', [],"
        + " 1772359200, 1772359200000, 1772359200, 1772359200000, " + ClickHouseQueries.quote(body) + ")");
    return learner;
  }

  /** Receipts of the learner {@code pseudonym} of school-a, which name them by digest. */
  private static long receiptsOf(String pseudonym) {
    return ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM "
        + CLICKHOUSE.table("erasure_receipts") + " WHERE learner = "
        + ClickHouseQueries.quote(LearnerDigest.of("school-a", pseudonym)));
  }

  private static long rowsOf(String learner) {
    return ClickHouseQueries.scalarLong(CLICKHOUSE.client(),
        "SELECT count() FROM " + CLICKHOUSE.table("learning_events")
            + " WHERE learner = " + ClickHouseQueries.quote(learner));
  }

  private static HttpResponse<String> call(String method, String path, String auth, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofMinutes(2))
        .header("X-Experience-API-Version", "1.0.3")
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }
}
