package org.learnstream.jobs.ingest.documents;

import org.learnstream.jobs.settings.DocumentOptions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.jobs.ingest.TenantCredentials;
import org.learnstream.pipeline.xapi.RequestParameterRules;
import org.learnstream.pipeline.xapi.ValidationLimits;

/**
 * What the document resources promise, whatever database holds the documents; each database runs it through a
 * subclass.
 */
abstract class DocumentResourcesContract {

  static final String ACTIVITY = "https://school.example/course/1";
  static final String AGENT = "{\"mbox\":\"mailto:ana@school.example\"}";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every call moves one second on, so that documents written one after the other differ in time. */
  static final class SteppingClock extends Clock {
    final AtomicLong millis = new AtomicLong(1_800_000_000_000L);

    @Override
    public long millis() {
      return millis.addAndGet(1000);
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  DocumentDatabase db;
  DocumentsService service;
  ActivityDefinitions definitions;
  final SteppingClock clock = new SteppingClock();

  abstract DocumentDatabase openDatabase();

  @BeforeEach
  void open(@org.junit.jupiter.api.io.TempDir Path dir) {
    db = openDatabase();
    service = serviceOn(db, credentials(dir));
    definitions = new ActivityDefinitions(db, clock);
  }

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  DocumentsService serviceOn(DocumentDatabase database, TenantCredentials credentials) {
    return new DocumentsService(credentials, new DocumentStore(database, clock), new DocumentLimits(4096),
        new RequestParameterRules(ValidationLimits.defaults()));
  }

  /** Tenant school-a with key lms, school-b with key quiz; every secret is "test". */
  static TenantCredentials credentials(Path dir) {
    try {
      Path file = dir.resolve("credentials.yaml");
      String sha256OfTest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
      Files.writeString(file, "tenants: {school-a: [{key: lms, secretSha256: " + sha256OfTest + "}], "
          + "school-b: [{key: quiz, secretSha256: " + sha256OfTest + "}]}");
      return TenantCredentials.load(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final class Call {
    final Map<String, String> query = new HashMap<>();
    String method = "GET";
    String key = "lms";
    String version = "1.0.3";
    String contentType;
    String ifMatch;
    String ifNoneMatch;
    byte[] body = new byte[0];

    Call(DocumentResource resource, String documentId) {
      if (resource != DocumentResource.AGENT_PROFILE) {
        query.put("activityId", ACTIVITY);
      }
      if (resource != DocumentResource.ACTIVITY_PROFILE) {
        query.put("agent", AGENT);
      }
      if (documentId != null) {
        query.put(resource.idParameter(), documentId);
      }
    }

    Call method(String m) {
      method = m;
      return this;
    }

    Call json(String text) {
      contentType = "application/json";
      body = text.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    Call body(String type, String text) {
      contentType = type;
      body = text.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    Call param(String name, String value) {
      if (value == null) {
        query.remove(name);
      } else {
        query.put(name, value);
      }
      return this;
    }

    DocumentRequest request() {
      String auth = "Basic " + Base64.getEncoder().encodeToString((key + ":test").getBytes(StandardCharsets.UTF_8));
      return new DocumentRequest(method, auth, version, query, contentType, ifMatch, ifNoneMatch, body);
    }
  }

  DocumentAnswer send(DocumentResource resource, Call call) {
    return service.handle(resource, call.request());
  }

  static Call state(String stateId) {
    return new Call(DocumentResource.STATE, stateId);
  }

  static Call activityProfile(String profileId) {
    return new Call(DocumentResource.ACTIVITY_PROFILE, profileId);
  }

  DocumentAnswer sendState(Call call) {
    return send(DocumentResource.STATE, call);
  }

  static Object parsed(DocumentAnswer answer) {
    try {
      return JSON.readValue(answer.body(), Object.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aPutDocumentIsReadBackWithItsContentTypeAndAQuotedSha1Etag() {
    assertThat(sendState(state("bookmark").method("PUT").body("text/plain", "page 7")).status()).isEqualTo(204);

    DocumentAnswer read = sendState(state("bookmark"));

    assertThat(read.status()).isEqualTo(200);
    assertThat(read.bodyText()).isEqualTo("page 7");
    assertThat(read.contentType()).isEqualTo("text/plain");
    // sha1("page 7")
    assertThat(read.header("ETag")).isEqualTo("\"" + sha1("page 7") + "\"");
  }

  @Test
  void aPostMergesTheTopLevelPropertiesOfTwoJsonObjects() {
    sendState(state("s").method("POST").json("{\"car\":{\"make\":\"Ford\"},\"driver\":\"Dale\"}"));
    assertThat(sendState(state("s").method("POST").json("{\"car\":{\"model\":\"Ram\"}}")).status()).isEqualTo(204);

    assertThat(parsed(sendState(state("s"))))
        .isEqualTo(Map.of("car", Map.of("model", "Ram"), "driver", "Dale"));
  }

  @Test
  void aPostOfTextOntoAJsonDocumentIsRefusedAndChangesNothing() {
    sendState(state("s").method("POST").json("{\"a\":1}"));

    DocumentAnswer refused = sendState(state("s").method("POST").body("text/plain", "hello"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.bodyText()).contains("document.merge-json");
    assertThat(parsed(sendState(state("s")))).isEqualTo(Map.of("a", 1));
  }

  @Test
  void aPostOfJsonWithTrailingTextIsRefusedNamingTheRule() {
    DocumentAnswer refused = sendState(state("s").method("POST").json("{\"a\":1}{"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.bodyText()).contains("document.json-object");
    assertThat(sendState(state("s")).status()).isEqualTo(404);
  }

  @Test
  void aProfileIsCreatedWithIfNoneMatchAndReplacedOnlyWithItsCurrentEtag() {
    DocumentResource profile = DocumentResource.ACTIVITY_PROFILE;
    Call create = activityProfile("p").method("PUT").json("{\"v\":1}");
    create.ifNoneMatch = "*";
    assertThat(send(profile, create).status()).isEqualTo(204);
    String etag = send(profile, activityProfile("p")).header("ETag");

    DocumentAnswer unguarded = send(profile, activityProfile("p").method("PUT").json("{\"v\":2}"));
    Call stale = activityProfile("p").method("PUT").json("{\"v\":3}");
    stale.ifMatch = "\"" + sha1("something else") + "\"";
    DocumentAnswer staleAnswer = send(profile, stale);
    Call again = activityProfile("p").method("PUT").json("{\"v\":4}");
    again.ifNoneMatch = "*";
    DocumentAnswer againAnswer = send(profile, again);
    Call current = activityProfile("p").method("PUT").json("{\"v\":5}");
    current.ifMatch = etag;
    DocumentAnswer currentAnswer = send(profile, current);

    assertThat(unguarded.status()).isEqualTo(409);
    assertThat(staleAnswer.status()).isEqualTo(412);
    assertThat(againAnswer.status()).isEqualTo(412);
    assertThat(currentAnswer.status()).isEqualTo(204);
    assertThat(parsed(send(profile, activityProfile("p")))).isEqualTo(Map.of("v", 5));
  }

  @Test
  void ofWritersHoldingTheSameEtagExactlyOneReplacesTheDocument() throws Exception {
    sendState(state("shared").method("PUT").json("{\"writer\":-1}"));
    String etag = sendState(state("shared")).header("ETag");
    int writers = 6;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    try {
      java.util.List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
      for (int i = 0; i < writers; i++) {
        Call write = state("shared").method("PUT").json("{\"writer\":" + i + "}");
        write.ifMatch = etag;
        statuses.add(pool.submit(() -> {
          go.await();
          return sendState(write).status();
        }));
      }
      go.countDown();
      java.util.List<Integer> answered = new java.util.ArrayList<>();
      for (var status : statuses) {
        answered.add(status.get(60, java.util.concurrent.TimeUnit.SECONDS));
      }

      assertThat(answered).containsOnly(204, 412);
      assertThat(answered).filteredOn(s -> s == 204).hasSize(1);
      assertThat(sendState(state("shared")).header("ETag")).isNotEqualTo(etag);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aProfilePutWithoutAnyPreconditionIsRefusedEvenWhenNothingExists() {
    DocumentAnswer refused = send(DocumentResource.AGENT_PROFILE,
        new Call(DocumentResource.AGENT_PROFILE, "p").method("PUT").json("{}"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.bodyText()).contains("etag.required");
  }

  @Test
  void aStateIsOverwrittenWithoutPreconditionsIn103ButNotIn20() {
    sendState(state("s").method("PUT").json("{\"v\":1}"));
    assertThat(sendState(state("s").method("PUT").json("{\"v\":2}")).status()).isEqualTo(204);

    Call v2 = state("s").method("PUT").json("{\"v\":3}");
    v2.version = "2.0.0";
    assertThat(sendState(v2).status()).isEqualTo(409);
    assertThat(parsed(sendState(state("s")))).isEqualTo(Map.of("v", 2));
  }

  @Test
  void aDeleteWithAStaleEtagIsRefusedAndOneWithTheCurrentEtagRemoves() {
    sendState(state("s").method("PUT").json("{\"v\":1}"));
    String etag = sendState(state("s")).header("ETag");
    Call stale = state("s").method("DELETE");
    stale.ifMatch = "\"1234\"";
    Call current = state("s").method("DELETE");
    current.ifMatch = etag;

    assertThat(sendState(stale).status()).isEqualTo(412);
    assertThat(sendState(state("s")).status()).isEqualTo(200);
    assertThat(sendState(current).status()).isEqualTo(204);
    assertThat(sendState(state("s")).status()).isEqualTo(404);
  }

  @Test
  void theIdListHoldsOnlyDocumentsChangedAfterSince() {
    sendState(state("early").method("PUT").json("{}"));
    Instant between = Instant.ofEpochMilli(clock.millis());
    sendState(state("late").method("PUT").json("{}"));

    assertThat(parsed(sendState(state(null)))).isEqualTo(java.util.List.of("early", "late"));
    assertThat(parsed(sendState(state(null).param("since", between.toString()))))
        .isEqualTo(java.util.List.of("late"));
  }

  @Test
  void aRegistrationIsItsOwnStateScopeAndADeleteWithoutStateIdEmptiesOnlyItsScope() {
    String registration = "3f1c9a2e-6b7d-4c1e-9a53-0f2d8e4b7c61";
    sendState(state("s").method("PUT").json("{\"r\":true}").param("registration", registration));
    sendState(state("s").method("PUT").json("{\"r\":false}"));

    assertThat(parsed(sendState(state("s").param("registration", registration)))).isEqualTo(Map.of("r", true));
    assertThat(sendState(state(null).method("DELETE").param("registration", registration)).status()).isEqualTo(204);
    assertThat(sendState(state("s").param("registration", registration)).status()).isEqualTo(404);
    assertThat(parsed(sendState(state("s")))).isEqualTo(Map.of("r", false));
  }

  @Test
  void tenantsNeverSeeEachOthersDocuments() {
    sendState(state("s").method("PUT").json("{\"school\":\"a\"}"));
    Call otherTenant = state("s");
    otherTenant.key = "quiz";
    Call otherList = state(null);
    otherList.key = "quiz";

    assertThat(sendState(otherTenant).status()).isEqualTo(404);
    assertThat(parsed(sendState(otherList))).isEqualTo(java.util.List.of());
  }

  @Test
  void aDocumentOverTheLimitGets413NamingTheSetting() {
    DocumentAnswer refused = sendState(state("s").method("PUT").body("text/plain", "x".repeat(4097)));

    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.bodyText()).contains("document.too-large").contains(DocumentOptions.MAX_BYTES.key());
  }

  @Test
  void badParametersGet400NamingTheParameterAndTheRule() {
    DocumentAnswer badAgent = sendState(state("s").param("agent", "{\"name\":\"no identifier\"}"));
    DocumentAnswer badRegistration = sendState(state("s").param("registration", "not-a-uuid"));
    DocumentAnswer badSince = sendState(state(null).param("since", "yesterday"));
    DocumentAnswer noActivity = sendState(state("s").param("activityId", null));

    assertThat(badAgent.status()).isEqualTo(400);
    assertThat(badAgent.bodyText()).contains("query:agent").contains("ifi.exactly-one");
    assertThat(badRegistration.bodyText()).contains("query:registration").contains("registration.uuid");
    assertThat(badSince.bodyText()).contains("query:since").contains("since.timestamp");
    assertThat(noActivity.bodyText()).contains("query:activityId").contains("activityId.required");
  }

  @Test
  void activityDefinitionsFromStatementsAreMergedLanguageByLanguage() throws Exception {
    ObjectMapper json = new ObjectMapper();
    definitions.merge("school-a", ACTIVITY, (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
        "{\"name\":{\"en-US\":\"meeting\"},\"type\":\"http://x.example/a\"}"));
    definitions.merge("school-a", ACTIVITY, (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
        "{\"name\":{\"fr-FR\":\"réunion\"},\"type\":\"http://x.example/b\"}"));

    assertThat(definitions.find("school-a", ACTIVITY)).get().hasToString(
        "{\"name\":{\"en-US\":\"meeting\",\"fr-FR\":\"réunion\"},\"type\":\"http://x.example/b\"}");
    assertThat(definitions.find("school-b", ACTIVITY)).isEmpty();
  }

  @Test
  void attachmentContentIsKeptOncePerTenantWithEveryByteAndOnlyThatTenantReadsIt() throws Exception {
    byte[] content = new byte[256];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) i;
    }
    String sha2 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(content));
    org.learnstream.jobs.ingest.AttachmentPart part = new org.learnstream.jobs.ingest.AttachmentPart(sha2,
        "application/octet-stream", content);
    DatabaseAttachmentStore attachments = new DatabaseAttachmentStore(db, clock);

    attachments.put("school-a", java.util.List.of(part));
    attachments.put("school-a", java.util.List.of(part, part));

    long rows = db.inTransaction(c -> {
      try (var r = c.createStatement().executeQuery("SELECT COUNT(*) FROM xapi_attachments")) {
        r.next();
        return r.getLong(1);
      }
    });
    assertThat(rows).isEqualTo(1);
    assertThat(attachments.get("school-a", java.util.List.of(sha2, "0".repeat(64)))).containsOnlyKeys(sha2)
        .hasEntrySatisfying(sha2, bytes -> assertThat(bytes).isEqualTo(content));
    assertThat(attachments.get("school-b", java.util.List.of(sha2))).as("another tenant's content").isEmpty();
  }

  @Test
  void aPersonsStateAndAgentProfileDocumentsAreFoundForExportAndErasedUnderEveryIdentifierTheyGoBy() throws Exception {
    String bySha1 = "{\"mbox_sha1sum\":\"" + sha1("mailto:ana@school.example") + "\"}";
    String byAccount = "{\"account\":{\"homePage\":\"https://lms.example\",\"name\":\"Ana\"}}";
    sendState(state("bookmark").method("PUT").json("{\"page\":7}"));
    sendState(state("suspend").method("PUT").body("text/plain", "answers so far").param("agent", bySha1));
    Call prefs = new Call(DocumentResource.AGENT_PROFILE, "prefs").method("PUT").json("{\"lang\":\"pt\"}");
    prefs.ifNoneMatch = "*";
    assertThat(send(DocumentResource.AGENT_PROFILE, prefs).status()).isEqualTo(204);
    sendState(state("bookmark").method("PUT").json("{\"page\":1}").param("agent",
        "{\"mbox\":\"mailto:bruno@school.example\"}"));
    sendState(state("bookmark").method("PUT").json("{\"page\":2}").param("agent", byAccount));
    Call otherSchool = state("bookmark").method("PUT").json("{\"page\":3}");
    otherSchool.key = "quiz";
    sendState(otherSchool);
    Call course = activityProfile("course").method("PUT").json("{\"weeks\":4}");
    course.ifNoneMatch = "*";
    assertThat(send(DocumentResource.ACTIVITY_PROFILE, course).status()).isEqualTo(204);
    PersonDocuments documents = new PersonDocuments(db);
    ActorIdentifier ana = ActorIdentifier.mbox("mailto:ana@school.example");

    assertThat(documents.of("school-a", ana)).extracting(d -> d.resource() + " " + d.documentId() + " "
        + new String(d.content(), StandardCharsets.UTF_8)).containsExactlyInAnyOrder(
            "STATE bookmark {\"page\":7}", "STATE suspend answers so far", "AGENT_PROFILE prefs {\"lang\":\"pt\"}");
    assertThat(documents.of("school-a", ActorIdentifier.account("https://lms.example", "Ana")))
        .extracting(PersonDocuments.Document::documentId).containsExactly("bookmark");

    assertThat(documents.erase("school-a", ana)).isEqualTo(3);

    assertThat(documents.of("school-a", ana)).isEmpty();
    assertThat(sendState(state("bookmark")).status()).isEqualTo(404);
    assertThat(parsed(sendState(state("bookmark").param("agent", "{\"mbox\":\"mailto:bruno@school.example\"}"))))
        .isEqualTo(Map.of("page", 1));
    assertThat(parsed(sendState(state("bookmark").param("agent", byAccount)))).isEqualTo(Map.of("page", 2));
    Call otherSchoolRead = state("bookmark");
    otherSchoolRead.key = "quiz";
    assertThat(parsed(sendState(otherSchoolRead))).isEqualTo(Map.of("page", 3));
    assertThat(parsed(send(DocumentResource.ACTIVITY_PROFILE, activityProfile("course"))))
        .isEqualTo(Map.of("weeks", 4));
  }

  static String sha1(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
