package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.xapi.StatementValidator;

class StatementsServiceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEMO = "Basic "
      + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
  private static final String ID = "5d1a9a6e-2c9f-4c55-9a55-0d2b3c4d5e6f";

  /** Records what would have gone to Kafka; fails on demand like an unreachable broker. */
  static final class RecordingPublisher implements StatementPublisher {
    final List<PreparedStatement> written = new ArrayList<>();
    boolean down;

    @Override
    public void publish(List<PreparedStatement> statements) throws UnavailableException {
      if (down) {
        throw new UnavailableException("broker down", null);
      }
      written.addAll(statements);
    }

    @Override
    public void close() {
    }
  }

  /** Statements that "landed" earlier, as the ClickHouse store would return them. */
  static final class MapStore implements StatementStore {
    final Map<String, JsonNode> byId = new HashMap<>();
    final java.util.Set<String> deadLettered = new java.util.HashSet<>();
    final java.util.Set<String> erased = new java.util.HashSet<>();

    @Override
    public java.util.Set<String> erased(String tenant, Collection<String> ids) {
      return ids.stream().filter(erased::contains).collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public java.util.Set<String> deadLettered(String tenant, Collection<String> ids) {
      return ids.stream().filter(deadLettered::contains).collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public Map<String, JsonNode> statements(String tenant, Collection<String> ids) {
      Map<String, JsonNode> out = new HashMap<>();
      ids.forEach(id -> {
        if (byId.containsKey(id))
          out.put(id, byId.get(id));
      });
      return out;
    }

    @Override
    public boolean isVoided(String tenant, String id) {
      return false;
    }
  }

  private final RecordingPublisher publisher = new RecordingPublisher();
  private final MapStore store = new MapStore();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final StatementsService service = new StatementsService(TenantCredentials.developmentDefault(),
      new StatementBatchPreparer(new StatementValidator(), IngestLimits.defaults()), new RecentStatementIds(1000),
      store, publisher, new IngestMetrics(registry), Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC),
      IngestLimits.defaults());

  private IngestResponse send(String method, String auth, String version, Map<String, String> query, String body) {
    return service.handle(new IngestRequest(method, auth, version, query, body.getBytes(StandardCharsets.UTF_8)));
  }

  private IngestResponse post(String body) {
    return send("POST", DEMO, "1.0.3", Map.of(), body);
  }

  private static String withId(String id, String statement) {
    return statement.replaceFirst("\\{", "{\"id\":\"" + id + "\",");
  }

  @Test
  void answersWithTheIdsOfTheAcceptedStatementsAndEchoesTheVersion() throws Exception {
    IngestResponse r = send("POST", DEMO, "1.0.1", Map.of(),
        "[" + StatementBatchPreparerTest.statement("a@example.com", "answered")
            + "," + withId(ID, StatementBatchPreparerTest.statement("b@example.com", "answered")) + "]");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers()).containsEntry("X-Experience-API-Version", "1.0.1");
    JsonNode ids = JSON.readTree(r.body());
    assertThat(ids).hasSize(2);
    assertThat(ids.get(1).asText()).isEqualTo(ID);
    assertThat(publisher.written).extracting(PreparedStatement::id).containsExactly(ids.get(0).asText(), ID);
  }

  @Test
  void everyAnswerOfTheStatementsResourceSaysUntilWhenStatementsAreReadable() {
    String body = StatementBatchPreparerTest.statement("a@example.com", "answered");
    List<IngestResponse> answers = List.of(post(body), post("{"), send("POST", null, "1.0.3", Map.of(), body),
        send("GET", DEMO, "1.0.3", Map.of("statementId", ID), ""), send("GET", DEMO, "0.9", Map.of(), ""),
        service.bodyTooLarge(10_000_000, "1.0.3"));
    assertThat(answers).extracting(IngestResponse::status).containsExactly(200, 400, 401, 404, 400, 413);
    // this service follows no store, so it promises nothing readable
    assertThat(answers).allSatisfy(a -> assertThat(a.headers())
        .containsEntry("X-Experience-API-Consistent-Through", "1970-01-01T00:00:00Z"));
  }

  @Test
  void refusesAWrongOrMissingCredentialWith401AndWritesNothing() {
    String wrong = "Basic " + Base64.getEncoder().encodeToString("demo:nope".getBytes(StandardCharsets.UTF_8));
    String body = StatementBatchPreparerTest.statement("a@example.com", "answered");

    assertThat(send("POST", wrong, "1.0.3", Map.of(), body).status()).isEqualTo(401);
    IngestResponse missing = send("POST", null, "1.0.3", Map.of(), body);
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.headers()).containsKey("WWW-Authenticate");
    assertThat(publisher.written).isEmpty();
  }

  @Test
  void refusesAMissingOrUnsupportedVersionHeaderWith400NamingTheRule() throws Exception {
    String body = StatementBatchPreparerTest.statement("a@example.com", "answered");

    IngestResponse missing = send("POST", DEMO, null, Map.of(), body);
    IngestResponse old = send("POST", DEMO, "0.95", Map.of(), body);

    assertThat(missing.status()).isEqualTo(400);
    assertThat(JSON.readTree(missing.body()).at("/violations/0/rule").asText()).isEqualTo("version.required");
    assertThat(missing.headers()).as("the newest version this server speaks").containsEntry("X-Experience-API-Version",
        "2.0.0");
    assertThat(JSON.readTree(old.body()).at("/violations/0/rule").asText()).isEqualTo("version.supported");
    assertThat(send("POST", DEMO, "2.0.0", Map.of(), body).status()).isEqualTo(200);
    assertThat(publisher.written).hasSize(1);
  }

  @Test
  void acceptsARepeatedStatementOnceAndWritesItOnlyOnce() {
    String s = withId(ID, StatementBatchPreparerTest.statement("a@example.com", "answered"));

    assertThat(post(s).status()).isEqualTo(200);
    assertThat(post(s).status()).isEqualTo(200);
    assertThat(send("PUT", DEMO, "1.0.3", Map.of("statementId", ID), s).status()).isEqualTo(204);

    assertThat(publisher.written).hasSize(1);
  }

  @Test
  void refusesTheSameIdWithDifferentContentWith409() throws Exception {
    post(withId(ID, StatementBatchPreparerTest.statement("a@example.com", "answered")));

    IngestResponse r = post(withId(ID, StatementBatchPreparerTest.statement("a@example.com", "failed")));

    assertThat(r.status()).isEqualTo(409);
    assertThat(JSON.readTree(r.body()).at("/violations/0/rule").asText()).isEqualTo("id.conflict");
    assertThat(publisher.written).hasSize(1);
  }

  @Test
  void namesTheConflictingStatementOfAOneStatementArrayByItsIndex() throws Exception {
    post(withId(ID, StatementBatchPreparerTest.statement("a@example.com", "answered")));

    IngestResponse r = post("[" + withId(ID, StatementBatchPreparerTest.statement("a@example.com", "failed")) + "]");

    assertThat(r.status()).isEqualTo(409);
    assertThat(JSON.readTree(r.body()).at("/violations/0/path").asText()).isEqualTo("$[0].id");
  }

  @Test
  void refusesTheIdOfAStatementErasedWithALearnerWith409AndWritesNothingOfTheRequest() throws Exception {
    String erasedId = "0e7c6f2a-1b3d-4e5f-8a9b-0c1d2e3f4a5b";
    store.erased.add(erasedId);

    IngestResponse batch = post("[" + StatementBatchPreparerTest.statement("a@example.com", "answered") + ","
        + withId(erasedId, StatementBatchPreparerTest.statement("b@example.com", "answered")) + "]");
    IngestResponse single = send("PUT", DEMO, "1.0.3", Map.of("statementId", erasedId),
        StatementBatchPreparerTest.statement("b@example.com", "answered"));

    assertThat(batch.status()).isEqualTo(409);
    JsonNode violation = JSON.readTree(batch.body()).at("/violations/0");
    assertThat(violation.path("path").asText()).isEqualTo("$[1].id");
    assertThat(violation.path("rule").asText()).isEqualTo("id.erased");
    assertThat(violation.path("message").asText()).contains(erasedId).contains("new id");
    assertThat(single.status()).isEqualTo(409);
    assertThat(JSON.readTree(single.body()).at("/violations/0/path").asText()).isEqualTo("$.id");
    assertThat(publisher.written).isEmpty();
    assertThat(post(withId(ID, StatementBatchPreparerTest.statement("b@example.com", "answered"))).status())
        .as("another id").isEqualTo(200);
  }

  @Test
  void refusesAStatementThisServerAcceptedOnceItsIdWasErasedInsteadOfAnsweringThatItIsStored() {
    String note = withId(ID, StatementBatchPreparerTest.statement("b@example.com", "commented"));
    assertThat(post(note).status()).isEqualTo(200);

    store.erased.add(ID);

    assertThat(post(note).status()).isEqualTo(409);
    assertThat(publisher.written).hasSize(1);
  }

  @Test
  void refusesAnIdThatTheStoreHoldsWithDifferentContent() throws Exception {
    JsonNode landed = JSON.readTree(withId(ID, StatementBatchPreparerTest.statement("a@example.com", "answered")));
    store.byId.put(ID, landed);

    assertThat(post(withId(ID, StatementBatchPreparerTest.statement("a@example.com", "failed"))).status())
        .isEqualTo(409);
    assertThat(post(withId(ID, StatementBatchPreparerTest.statement("a@example.com", "answered"))).status())
        .isEqualTo(200);
    assertThat(publisher.written).isEmpty();
  }

  @Test
  void answers503WithRetryAfterWhenKafkaIsDownAndAcceptsTheSameStatementLater() {
    String s = withId(ID, StatementBatchPreparerTest.statement("a@example.com", "answered"));
    publisher.down = true;

    IngestResponse r = post(s);

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.headers()).containsKey("Retry-After");
    publisher.down = false;
    assertThat(post(s).status()).isEqualTo(200);
    assertThat(publisher.written).hasSize(1);
  }

  @Test
  void countsRejectedStatementsByRule() {
    post(StatementBatchPreparerTest.statement("a@example.com", "answered").replace("mailto:", ""));

    assertThat(registry.get("learnstream.ingest.statements").tag("outcome", "rejected").counter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("learnstream.ingest.rejections").counters())
        .singleElement().satisfies(c -> assertThat(c.count()).isEqualTo(1.0));
  }

  @Test
  void getAnswers404ForAnUnknownStatementAndTheStatementOnceItHasLanded() throws Exception {
    assertThat(send("GET", DEMO, "1.0.3", Map.of("statementId", ID), "").status()).isEqualTo(404);
    store.byId.put(ID, JSON.readTree(withId(ID, StatementBatchPreparerTest.statement("a@example.com", "answered"))));

    IngestResponse r = send("GET", DEMO, "1.0.3", Map.of("statementId", ID), "");

    assertThat(r.status()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("id").asText()).isEqualTo(ID);
    assertThat(send("GET", DEMO, "1.0.3", Map.of("voidedStatementId", ID), "").status()).isEqualTo(404);
  }

  @Test
  void takesAPutAndAGetSentInTheAlternateRequestSyntaxAsTheRequestsTheyStandFor() throws Exception {
    String form = "Authorization=" + java.net.URLEncoder.encode(DEMO, StandardCharsets.UTF_8)
        + "&X-Experience-API-Version=1.0.3&statementId=" + ID + "&content=" + java.net.URLEncoder.encode(
            StatementBatchPreparerTest.statement("a@example.com", "answered"), StandardCharsets.UTF_8);

    IngestResponse put = service.handle(alternate("PUT", form));
    store.byId.put(ID, JSON.readTree(withId(ID, StatementBatchPreparerTest.statement("a@example.com", "answered"))
        .replaceFirst("\\{", "{\"stored\":\"2026-03-01T10:15:30.120Z\",")));
    IngestResponse get = service.handle(alternate("GET", "Authorization=" + java.net.URLEncoder.encode(DEMO,
        StandardCharsets.UTF_8) + "&X-Experience-API-Version=1.0.2&statementId=" + ID));

    assertThat(put.status()).isEqualTo(204);
    assertThat(publisher.written).extracting(PreparedStatement::id).containsExactly(ID);
    assertThat(get.status()).isEqualTo(200);
    assertThat(JSON.readTree(get.body()).get("id").asText()).isEqualTo(ID);
    assertThat(get.headers()).containsEntry("Last-Modified", "Sun, 1 Mar 2026 10:15:30 GMT");
  }

  @Test
  void refusesAnAlternateRequestWithParametersOutsideItsFormNamingTheRule() throws Exception {
    IngestRequest post = new IngestRequest("POST", DEMO, "1.0.3", Map.of("method", "GET", "statementId", ID),
        new byte[0], "application/x-www-form-urlencoded", null);

    IngestResponse r = service.handle(post.unwrapped());

    assertThat(r.status()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).at("/violations/0/rule").asText()).isEqualTo("method.alternate-syntax");
  }

  @Test
  void refusesTheAlternateRequestSyntaxInXapi2WhichHasNone() throws Exception {
    String form = "X-Experience-API-Version=2.0.0&statementId=" + ID + "&content=" + java.net.URLEncoder.encode(
        StatementBatchPreparerTest.statement("a@example.com", "answered"), StandardCharsets.UTF_8);
    IngestRequest post = new IngestRequest("POST", DEMO, "2.0.0", Map.of("method", "PUT"),
        form.getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded", null);

    IngestResponse r = service.handle(post.unwrapped());

    assertThat(r.status()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).at("/violations/0/message").asText()).contains("xAPI 2.0");
    assertThat(publisher.written).isEmpty();
  }

  @Test
  void refusesAStatementWriteSentAsAFormOrMultipartFormDataAndReadsOneWithoutContentTypeAsJson() throws Exception {
    byte[] body = StatementBatchPreparerTest.statement("a@example.com", "answered").getBytes(StandardCharsets.UTF_8);

    IngestResponse form = service.handle(new IngestRequest("POST", DEMO, "1.0.3", Map.of(), body,
        "multipart/form-data; boundary=x", null));
    IngestResponse json = service.handle(new IngestRequest("POST", DEMO, "1.0.3", Map.of(), body,
        "application/json; charset=utf-8", null));
    IngestResponse untyped = service.handle(new IngestRequest("POST", DEMO, "1.0.3", Map.of(), body, null, null));

    assertThat(form.status()).isEqualTo(400);
    assertThat(JSON.readTree(form.body()).at("/violations/0/rule").asText()).isEqualTo("content-type.statements");
    assertThat(json.status()).isEqualTo(200);
    assertThat(untyped.status()).isEqualTo(200);
    assertThat(publisher.written).hasSize(2);
  }

  @Test
  void readsBackItsOwnStatementsBeforeTheyLandWithTheirVoidingButNeverAVoidedVoidingStatement() throws Exception {
    ReadableThrough readable = new ReadableThrough(Clock.systemUTC(), store);
    StatementsService following = new StatementsService(TenantCredentials.developmentDefault(),
        new StatementBatchPreparer(new StatementValidator(), IngestLimits.defaults()), new RecentStatementIds(1000),
        store, publisher, new IngestMetrics(registry), IngestLimits.defaults(), Runnable::run, readable);
    String voiding1 = "6d1a9a6e-2c9f-4c55-9a55-0d2b3c4d5e61";
    String voiding2 = "7d1a9a6e-2c9f-4c55-9a55-0d2b3c4d5e62";

    following.handle(new IngestRequest("POST", DEMO, "1.0.3", Map.of(), withId(ID,
        StatementBatchPreparerTest.statement("a@example.com", "answered")).getBytes(StandardCharsets.UTF_8)));
    IngestResponse before = following.handle(get(Map.of("statementId", ID)));
    following.handle(new IngestRequest("POST", DEMO, "1.0.3", Map.of(), voiding(voiding1, ID)));
    following.handle(new IngestRequest("POST", DEMO, "1.0.3", Map.of(), voiding(voiding2, voiding1)));

    assertThat(before.status()).as("read from memory, nothing has landed").isEqualTo(200);
    assertThat(following.handle(get(Map.of("statementId", ID))).status()).isEqualTo(404);
    assertThat(following.handle(get(Map.of("voidedStatementId", ID))).status()).isEqualTo(200);
    assertThat(following.handle(get(Map.of("statementId", voiding1))).status())
        .as("a voiding statement cannot be voided").isEqualTo(200);
  }

  private static IngestRequest get(Map<String, String> query) {
    return new IngestRequest("GET", DEMO, "1.0.3", query, new byte[0]);
  }

  private static byte[] voiding(String id, String target) {
    return ("{\"id\":\"" + id + "\",\"actor\":{\"mbox\":\"mailto:admin@example.com\"},"
        + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/voided\"},"
        + "\"object\":{\"objectType\":\"StatementRef\",\"id\":\"" + target + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsAMultipartBodyWithOnlyItsStatementsPartAndRefusesAttachmentPartsItCannotKeep() throws Exception {
    String statement = withId(ID, StatementBatchPreparerTest.statement("a@example.com", "answered"));
    String jsonOnly = "--b1\r\nContent-Type: application/json\r\n\r\n" + statement + "\r\n--b1--\r\n";
    String hello = MultipartStatementsTest.sha256("hello");
    String withPart = MultipartStatementsTest.body(MultipartStatementsTest.statementWith(hello),
        MultipartStatementsTest.part(hello, "hello"));

    String noBoundaryBeforePart = "--b1\r\nContent-Type: application/json\r\n\r\n" + statement
        + "\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b1--\r\n";
    String contentExpectedInAPart = "--b1\r\nContent-Type: application/json\r\n\r\n" + statement.replaceFirst("\\{",
        "{\"attachments\":[{\"usageType\":\"http://example.com/u\",\"display\":{\"en-US\":\"a\"},"
            + "\"contentType\":\"text/plain\",\"length\":5,\"sha2\":\"abc\"}],")
        + "\r\n--b1--\r\n";

    IngestResponse attachments = service.handle(multipart(withPart));
    IngestResponse statementsOnly = service.handle(multipart(jsonOnly));

    assertThat(service.handle(multipart(noBoundaryBeforePart)).status()).isEqualTo(400);
    assertThat(service.handle(multipart(contentExpectedInAPart)).status()).isEqualTo(400);
    assertThat(attachments.status()).isEqualTo(400);
    assertThat(JSON.readTree(attachments.body()).at("/violations/0/rule").asText())
        .isEqualTo("attachments.unsupported");
    assertThat(statementsOnly.status()).isEqualTo(200);
    assertThat(publisher.written).extracting(PreparedStatement::id).containsExactly(ID);
  }

  @Test
  void refusesAJsonWriteWhoseAttachmentHasNeitherFileUrlNorAPart() throws Exception {
    String raw = withId(ID, MultipartStatementsTest.statementWith(MultipartStatementsTest.sha256("hello")));
    String byUrl = raw.replace("\"sha2\"", "\"fileUrl\":\"https://files.example/hello.txt\",\"sha2\"");

    IngestResponse refused = post(raw);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).at("/violations/0/rule").asText()).isEqualTo("attachments.part-missing");
    assertThat(publisher.written).isEmpty();
    assertThat(post(byUrl).status()).isEqualTo(200);
    assertThat(publisher.written).extracting(PreparedStatement::id).containsExactly(ID);
  }

  @Test
  void refusesAJsonPutAndEachStatementOfABatchWhoseAttachmentHasNeitherFileUrlNorAPart() throws Exception {
    String raw = MultipartStatementsTest.statementWith(MultipartStatementsTest.sha256("hello"));
    String plain = StatementBatchPreparerTest.statement("a@example.com", "answered");

    IngestResponse put = send("PUT", DEMO, "1.0.3", Map.of("statementId", ID), raw);
    IngestResponse batch = post("[" + plain + "," + raw + "]");

    assertThat(put.status()).isEqualTo(400);
    assertThat(JSON.readTree(put.body()).at("/violations/0/rule").asText()).isEqualTo("attachments.part-missing");
    assertThat(batch.status()).isEqualTo(400);
    assertThat(JSON.readTree(batch.body()).at("/violations/0/rule").asText()).isEqualTo("attachments.part-missing");
    assertThat(publisher.written).isEmpty();
  }

  private static IngestRequest multipart(String body) {
    return new IngestRequest("POST", DEMO, "2.0.0", Map.of(), body.getBytes(StandardCharsets.UTF_8),
        "multipart/mixed; boundary=b1", null);
  }

  private static IngestRequest alternate(String method, String form) {
    return new IngestRequest("POST", null, null, Map.of("method", method), form.getBytes(StandardCharsets.UTF_8),
        "application/x-www-form-urlencoded", null).unwrapped();
  }

  @Test
  void aboutListsTheSupportedVersions() throws Exception {
    JsonNode about = JSON.readTree(service.about().body());

    assertThat(about.get("version")).extracting(JsonNode::asText).contains("1.0.3", "2.0.0");
  }

  @Test
  void answersOnlyOnceKafkaHasTheStatementsAndThenOnTheAnsweringThreadsNotOnTheBrokers() throws Exception {
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    StatementPublisher pending = new StatementPublisher() {
      @Override
      public void publish(List<PreparedStatement> statements) {
        throw new AssertionError("the service must not wait for Kafka on the request thread");
      }

      @Override
      public CompletableFuture<Void> publishAsync(List<PreparedStatement> statements) {
        CompletableFuture<Void> write = new CompletableFuture<>();
        writes.add(write);
        return write;
      }

      @Override
      public void close() {
      }
    };
    List<Runnable> answering = new ArrayList<>();
    StatementsService async = new StatementsService(TenantCredentials.developmentDefault(),
        new StatementBatchPreparer(new StatementValidator(), IngestLimits.defaults()), new RecentStatementIds(1000),
        store, pending, new IngestMetrics(registry), Clock.systemUTC(), IngestLimits.defaults(), answering::add);
    byte[] body = withId(ID, StatementBatchPreparerTest.statement("a@example.com", "answered"))
        .getBytes(StandardCharsets.UTF_8);
    IngestRequest request = new IngestRequest("POST", DEMO, "1.0.3", Map.of(), body);

    CompletableFuture<IngestResponse> first = async.handleAsync(request);
    assertThat(first).isNotDone();
    writes.get(0).completeExceptionally(new StatementPublisher.UnavailableException("broker down", null));
    assertThat(first).isNotDone();
    answering.remove(0).run();
    assertThat(first.join().status()).isEqualTo(503);

    CompletableFuture<IngestResponse> retried = async.handleAsync(request);
    writes.get(1).complete(null);
    answering.remove(0).run();
    assertThat(retried.join().status()).isEqualTo(200);
    assertThat(JSON.readTree(retried.join().body()).get(0).asText()).isEqualTo(ID);
    assertThat(answering).isEmpty();
  }
}
