package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.learnstream.jobs.ingest.Preparation.Ready;
import org.learnstream.jobs.ingest.Preparation.Refused;
import org.learnstream.jobs.ingest.RecentStatementIds.Decision;
import org.learnstream.jobs.ingest.TenantCredentials.Principal;
import org.learnstream.pipeline.xapi.Violation;
import org.learnstream.pipeline.xapi.XapiVersion;

/**
 * The statements resource without HTTP plumbing: authenticate, check the version header, prepare the
 * batch, refuse conflicts, write to Kafka, answer. Every refusal writes nothing.
 */
public final class StatementsService {

  static final String RETRY_AFTER_SECONDS = "5";
  static final String CONSISTENT_THROUGH = "X-Experience-API-Consistent-Through";
  private static final Set<String> SINGLE_STATEMENT_PARAMETERS = Set.of("statementId",
      "voidedStatementId", "format", "attachments");

  private final ObjectMapper json = new ObjectMapper();
  private final RequestGate gate;
  private final StatementBatchPreparer preparer;
  private final RecentStatementIds recent;
  private final StatementStore store;
  private final StatementPublisher publisher;
  private final IngestMetrics metrics;
  private final IngestLimits limits;
  private final Executor answering;
  private final ReadableThrough readable;
  private final StatementAttachments attachments;
  private final PreparationSlots preparing = PreparationSlots.perProcessor();

  public StatementsService(TenantCredentials credentials, StatementBatchPreparer preparer,
      RecentStatementIds recent, StatementStore store, StatementPublisher publisher, IngestMetrics metrics,
      Clock clock, IngestLimits limits) {
    this(credentials, preparer, recent, store, publisher, metrics, clock, limits, Runnable::run);
  }

  /** A service stamping {@code stored} times on {@code clock} that follows no statement into the store. */
  public StatementsService(TenantCredentials credentials, StatementBatchPreparer preparer,
      RecentStatementIds recent, StatementStore store, StatementPublisher publisher, IngestMetrics metrics,
      Clock clock, IngestLimits limits, Executor answering) {
    this(credentials, preparer, recent, store, publisher, metrics, limits, answering,
        ReadableThrough.following(clock, StatementStore.NONE));
  }

  /**
   * @param answering runs what follows a write to Kafka (and so the answer), off the producer's and the committers'
   *     threads, which must not wait on HTTP clients
   * @param readable stamps each request's {@code stored} time and follows the statements into {@code store} for the
   *     {@value #CONSISTENT_THROUGH} header
   */
  public StatementsService(TenantCredentials credentials, StatementBatchPreparer preparer,
      RecentStatementIds recent, StatementStore store, StatementPublisher publisher, IngestMetrics metrics,
      IngestLimits limits, Executor answering, ReadableThrough readable) {
    this(credentials, preparer, recent, store, publisher, metrics, limits, answering, readable,
        StatementAttachments.NONE);
  }

  /** As above, keeping attachment content in {@code attachments}' store before the statements are written. */
  public StatementsService(TenantCredentials credentials, StatementBatchPreparer preparer,
      RecentStatementIds recent, StatementStore store, StatementPublisher publisher, IngestMetrics metrics,
      IngestLimits limits, Executor answering, ReadableThrough readable, StatementAttachments attachments) {
    this.attachments = attachments;
    this.answering = answering;
    this.readable = readable;
    this.limits = limits;
    this.gate = new RequestGate(credentials);
    this.preparer = preparer;
    this.recent = recent;
    this.store = store;
    this.publisher = publisher;
    this.metrics = metrics;
  }

  /** {@code GET /xapi/about}: no credentials or version header needed. */
  public IngestResponse about() {
    ObjectNode body = json.createObjectNode();
    ArrayNode versions = body.putArray("version");
    XapiVersionHeader.SUPPORTED.forEach(versions::add);
    return IngestResponse.json(200, Map.of(XapiVersionHeader.NAME, XapiVersionHeader.LATEST), bytes(body));
  }

  /** Answers once the request is done; request threads that may not wait for the broker use {@link #handleAsync}. */
  public IngestResponse handle(IngestRequest request) {
    return handleAsync(request).join();
  }

  /** Completes with the answer; a write to Kafka is awaited without holding the calling thread. */
  public CompletableFuture<IngestResponse> handleAsync(IngestRequest request) {
    RequestGate.Passed passed = gate.check(request.authorization(), request.versionHeader(), request.query());
    Map<String, String> headers = new HashMap<>(passed.headers());
    headers.put(CONSISTENT_THROUGH, readable.header());
    if (passed.refused()) {
      RequestGate.Refusal refusal = passed.refusal();
      List<Violation> violations = List.of(refusal.violation());
      // a refused version or syntax counts among the rejection rules; a 401 rejects no statement
      return done(refusal.status() == 401
          ? error(401, headers, refusal.error(), violations)
          : refuse(refusal.status(), headers, refusal.error(), violations));
    }
    Principal principal = passed.principal();
    XapiVersion version = passed.version();
    if ((request.method().equals("POST") || request.method().equals("PUT"))
        && !StatementContentType.accepted(request.contentType())) {
      return done(refuse(400, headers, "invalid request", List.of(StatementContentType.problem(
          request.contentType()))));
    }
    List<AttachmentPart> parts = List.of();
    // statements sent as JSON carry no parts, so their attachments must be given by fileUrl
    Function<JsonNode, Optional<Violation>> partsCheck = MultipartStatements::withoutParts;
    if (MultipartStatements.applies(request.contentType())) {
      MultipartStatements.Read read = MultipartStatements.read(request.contentType(), request.body(),
          attachments.limits());
      if (read.problem() != null) {
        return done(refuse(read.status(), headers, read.status() == 413 ? "request too large" : "invalid request",
            List.of(read.problem())));
      }
      parts = read.parts();
      if (!parts.isEmpty() && !attachments.store().keepsContent()) {
        return done(refuse(400, headers, "invalid request", List.of(new Violation("body", "attachments.unsupported",
            "this server keeps no attachment content: give attachments by fileUrl"))));
      }
      request = request.withJsonBody(read.json());
      partsCheck = StatementBatchPreparer.NO_BODY_CHECK; // MultipartStatements.read matched them
    }
    return switch (request.method()) {
      case "POST" -> post(principal, version, request, headers, parts, partsCheck);
      case "PUT" -> put(principal, version, request, headers, parts, partsCheck);
      case "GET" -> done(get(principal, request, headers));
      case "HEAD" -> done(withoutBody(get(principal, request, headers)));
      default -> done(error(405, headers, "method not allowed", List.of(new Violation("$", "method.allowed",
          "the statements resource takes GET, HEAD, PUT and POST"))));
    };
  }

  /** 413 for a body whose declared length is over the limit, answered without reading it. */
  public IngestResponse bodyTooLarge(long declaredBytes, String versionHeader) {
    Map<String, String> headers = new HashMap<>();
    headers.put(XapiVersionHeader.NAME, XapiVersionHeader.parse(versionHeader).isPresent()
        ? versionHeader.trim()
        : XapiVersionHeader.LATEST);
    headers.put(CONSISTENT_THROUGH, readable.header());
    return refuse(413, headers, "request body too large", List.of(new Violation("$", "body.too-large",
        "the body has " + declaredBytes + " bytes; send at most " + limits.maxBodyBytes() + " per request")));
  }

  private CompletableFuture<IngestResponse> post(Principal who, XapiVersion version, IngestRequest request,
      Map<String, String> headers, List<AttachmentPart> parts, Function<JsonNode, Optional<Violation>> partsCheck) {
    if (request.queryParam("statementId") != null) {
      return done(refuse(400, headers, "invalid request", List.of(new Violation("query:statementId",
          "statementId.post", "POST takes no statementId; use PUT /statements?statementId= for one statement"))));
    }
    ReadableThrough.Stamp stamp = readable.open();
    Preparation prepared = preparing.run(request.body().length, () -> preparer.preparePost(who.tenant(),
        who.authority(), version, request.body(), stamp.instant(), partsCheck));
    return writeOrRefuse(who, prepared, parts, headers, stamp).thenApply(refused -> {
      if (refused != null) {
        return refused;
      }
      ArrayNode ids = json.createArrayNode();
      ((Ready) prepared).statements().forEach(s -> ids.add(s.id()));
      return IngestResponse.json(200, headers, bytes(ids));
    });
  }

  private CompletableFuture<IngestResponse> put(Principal who, XapiVersion version, IngestRequest request,
      Map<String, String> headers, List<AttachmentPart> parts, Function<JsonNode, Optional<Violation>> partsCheck) {
    ReadableThrough.Stamp stamp = readable.open();
    Preparation prepared = preparing.run(request.body().length, () -> preparer.preparePut(who.tenant(),
        who.authority(), version, request.queryParam("statementId"), request.body(), stamp.instant(), partsCheck));
    return writeOrRefuse(who, prepared, parts, headers, stamp)
        .thenApply(refused -> refused != null ? refused : new IngestResponse(204, headers, new byte[0]));
  }

  /**
   * Completes with null when the statements are written (or were already), else with the refusal to send; either way
   * the request's {@code stored} stamp is then closed.
   */
  private CompletableFuture<IngestResponse> writeOrRefuse(Principal who, Preparation prepared,
      List<AttachmentPart> parts, Map<String, String> headers, ReadableThrough.Stamp stamp) {
    CompletableFuture<IngestResponse> answer;
    try {
      answer = checkAndWrite(who, prepared, parts, headers, stamp);
    } catch (RuntimeException e) {
      readable.close(stamp);
      throw e;
    }
    return answer.whenComplete((r, e) -> readable.close(stamp));
  }

  private CompletableFuture<IngestResponse> checkAndWrite(Principal who, Preparation prepared,
      List<AttachmentPart> parts, Map<String, String> headers, ReadableThrough.Stamp stamp) {
    if (prepared instanceof Refused r) {
      return done(refuse(r.status(), headers, r.error(), r.violations()));
    }
    Ready ready = (Ready) prepared;
    List<PreparedStatement> batch = ready.statements();
    Map<String, StatementFingerprint> stored = new HashMap<>();
    Set<String> erased = Set.of();
    try {
      // every client-chosen id is asked about erasure, also those this server accepted before: an erasure since then
      // deleted the statement, which a repeat must not be told is stored
      StatementStore.KnownIds known = store.known(who.tenant(), recent.unknownClientIds(who.tenant(), batch),
          batch.stream().filter(PreparedStatement::idFromClient).map(PreparedStatement::id).toList());
      known.stored().forEach((id, s) -> stored.put(id, StatementFingerprint.of(s)));
      erased = known.erased();
    } catch (StatementStore.UnavailableException e) {
      return done(unavailable(headers, "the statement store could not be asked whether these ids exist: "
          + e.getMessage()));
    }
    if (!erased.isEmpty()) {
      return done(refuse(409, headers, "statement id erased", erasedIds(ready, erased)));
    }
    Decision decision = recent.reserve(who.tenant(), ready, stored);
    if (decision instanceof Decision.Conflict c) {
      return done(refuse(409, headers, "statement id conflict", c.violations()));
    }
    if (decision instanceof Decision.InFlight f) {
      return done(unavailable(headers, "statement " + f.id() + " is being written by another request right now"));
    }
    List<PreparedStatement> toWrite = ((Decision.Proceed) decision).toWrite();
    if (!toWrite.isEmpty() && !parts.isEmpty()) {
      try {
        // kept before the statements are published, so that an accepted statement never lacks its attachments
        attachments.store().put(who.tenant(), parts);
      } catch (AttachmentStore.UnavailableException e) {
        recent.release(who.tenant(), toWrite);
        return done(unavailable(headers, "the attachment content could not be stored: " + e.getMessage()));
      }
    }
    List<String> ids = toWrite.stream().map(PreparedStatement::id).toList();
    readable.writing(stamp, who.tenant(), ids);
    return publisher.publishAsync(toWrite).handleAsync((ok, failed) -> {
      if (failed != null) {
        readable.notWritten(who.tenant(), ids);
        recent.release(who.tenant(), toWrite);
        Throwable cause = failed instanceof CompletionException c ? c.getCause() : failed;
        if (cause instanceof StatementPublisher.RefusedStatements r) {
          return refuse(400, headers, "invalid statement", r.refusals().stream().map(refusal -> new Violation(
              ready.pathOf(refusal.statementId()) + "." + refusal.violation().path(), refusal.violation().rule(),
              refusal.violation().message())).toList());
        }
        return unavailable(headers, cause instanceof StatementPublisher.UnavailableException u
            ? u.getMessage()
            : "the statements could not be written: " + cause);
      }
      recent.confirm(who.tenant(), toWrite);
      readable.written(who.tenant(), toWrite);
      metrics.accepted(toWrite.size());
      return null;
    }, answering);
  }

  /**
   * One violation per statement of {@code ready} whose id is among {@code erased}: the job drops such an id for good
   * (the erasure ledger names it), so storing it again would answer 200 for a statement that never lands.
   */
  private static List<Violation> erasedIds(Ready ready, Set<String> erased) {
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < ready.statements().size(); i++) {
      String id = ready.statements().get(i).id();
      if (erased.contains(id)) {
        violations.add(new Violation(ready.pathAt(i) + ".id", "id.erased", "statement id " + id
            + " belonged to a statement deleted when a learner it names was erased; it cannot be stored again: send"
            + " the statement under a new id"));
      }
    }
    return violations;
  }

  /** The statement's {@code stored} time as an HTTP date (xAPI 2.0 asks for it on single-statement answers). */
  private static Optional<String> lastModified(JsonNode statement) {
    try {
      return Optional.of(DateTimeFormatter.RFC_1123_DATE_TIME.format(
          OffsetDateTime.parse(statement.path("stored").asText()).atZoneSameInstant(ZoneOffset.UTC)));
    } catch (DateTimeParseException e) {
      return Optional.empty(); // every statement the pipeline stores has one; without it there is nothing to say
    }
  }

  /** HEAD: the answer GET would give, headers only. */
  private static IngestResponse withoutBody(IngestResponse response) {
    return new IngestResponse(response.status(), response.headers(), new byte[0]);
  }

  private static CompletableFuture<IngestResponse> done(IngestResponse response) {
    return CompletableFuture.completedFuture(response);
  }

  private IngestResponse get(Principal who, IngestRequest request, Map<String, String> headers) {
    String statementId = request.queryParam("statementId");
    String voidedId = request.queryParam("voidedStatementId");
    if (statementId == null && voidedId == null) {
      return query(who, request, headers);
    }
    if (statementId != null && voidedId != null || request.query().keySet().stream()
        .anyMatch(k -> !SINGLE_STATEMENT_PARAMETERS.contains(k))) {
      return refuse(400, headers, "invalid request", List.of(new Violation("query", "get.single-id",
          "a GET with statementId or voidedStatementId takes only one of them, with format and attachments")));
    }
    Optional<Violation> badFormat = StatementFormat.problem(request.queryParam("format"));
    if (badFormat.isPresent()) {
      return refuse(400, headers, "invalid request", List.of(badFormat.get()));
    }
    String id = (statementId != null ? statementId : voidedId).toLowerCase();
    try {
      // written by this server and not landed yet: read from its memory, the store's voiding still applies
      Optional<JsonNode> found = readable.unlanded(who.tenant(), id).map(UnlandedStatement::tree)
          .or(() -> store.statement(who.tenant(), id));
      boolean wantVoided = voidedId != null;
      // a voiding statement cannot itself be voided (xAPI Data 2.3.2), whether the one targeting it landed or not
      boolean voided = found.isPresent() && !VoidingTarget.isVoiding(found.get())
          && (readable.voidedByUnlanded(who.tenant(), id) || store.isVoided(who.tenant(), id));
      if (found.isEmpty() || voided != wantVoided) {
        return error(404, headers, "not found", List.of(new Violation(wantVoided
            ? "query:voidedStatementId"
            : "query:statementId", "statement.known",
            (wantVoided ? "no voided statement " : "no statement ")
                + id + " has landed for this tenant (voided statements are read with voidedStatementId)")));
      }
      JsonNode statement = found.get();
      Map<String, String> withModified = new HashMap<>(headers);
      lastModified(statement).ifPresent(at -> withModified.put("Last-Modified", at));
      JsonNode returned = StatementFormat.apply(ReturnedStatements.asReturned(statement), request.queryParam("format"),
          request.acceptLanguage());
      return answer(who, request, withModified, returned, List.of(returned));
    } catch (StatementStore.UnavailableException e) {
      return unavailable(headers, "the statement store is unreachable: " + e.getMessage());
    } catch (AttachmentStore.UnavailableException e) {
      return unavailable(headers, "the attachment store is unreachable: " + e.getMessage());
    }
  }

  /** {@code GET /statements} with filters: one page and the link to the next. */
  private IngestResponse query(Principal who, IngestRequest request, Map<String, String> headers) {
    StatementQuery.Parsed parsed = StatementQuery.parse(request.query());
    if (parsed instanceof StatementQuery.Invalid invalid) {
      return refuse(400, headers, "invalid request", invalid.violations());
    }
    try {
      StatementQuery query = ((StatementQuery.Valid) parsed).query();
      // read before the store's page: a statement that lands meanwhile is then in one of them, or in both
      List<UnlandedStatement> unlanded = readable.unlandedOf(who.tenant());
      StatementPage page = store.query(who.tenant(), query);
      if (!unlanded.isEmpty()) {
        page = withUnlanded(who.tenant(), query, page, unlanded);
      }
      ObjectNode body = json.createObjectNode();
      ArrayNode statements = body.putArray("statements");
      String format = request.queryParam("format");
      page.statements().forEach(st -> statements.add(StatementFormat.apply(ReturnedStatements.asReturned(st), format,
          request.acceptLanguage())));
      body.put("more", page.more());
      return answer(who, request, headers, body, statements);
    } catch (StatementStore.UnavailableException e) {
      return unavailable(headers, "the statement store is unreachable: " + e.getMessage());
    } catch (AttachmentStore.UnavailableException e) {
      return unavailable(headers, "the attachment store is unreachable: " + e.getMessage());
    }
  }

  /**
   * Read-after-write for queries: the statements this server accepted that have not landed yet, merged into the page
   * as the store will hold them (see "Read-after-write" in the README).
   */
  private StatementPage withUnlanded(String tenant, StatementQuery query, StatementPage page,
      List<UnlandedStatement> unlanded) {
    Map<String, JsonNode> byId = new HashMap<>();
    unlanded.forEach(s -> byId.put(s.id(), s.tree()));
    return UnlandedMerge.merge(query, page, unlanded, readable.voidedByUnlanded(tenant),
        ids -> store.voided(tenant, ids),
        id -> byId.containsKey(id) ? Optional.of(byId.get(id)) : store.statement(tenant, id));
  }

  /** {@code body} as JSON, or with {@code attachments=true} as multipart/mixed with the statements' attachments. */
  private IngestResponse answer(Principal who, IngestRequest request, Map<String, String> headers, JsonNode body,
      Iterable<JsonNode> statements) throws AttachmentStore.UnavailableException {
    if (!"true".equalsIgnoreCase(request.queryParam("attachments"))) {
      return IngestResponse.json(200, headers, bytes(body));
    }
    Map<String, String> named = MultipartAnswer.attachmentsOf(statements);
    return MultipartAnswer.of(200, headers, bytes(body), named,
        named.isEmpty() ? Map.of() : attachments.store().get(who.tenant(), named.keySet()));
  }

  private IngestResponse refuse(int status, Map<String, String> headers, String error, List<Violation> violations) {
    metrics.rejected(violations);
    return error(status, headers, error, violations);
  }

  private IngestResponse unavailable(Map<String, String> headers, String message) {
    Map<String, String> h = new HashMap<>(headers);
    h.put("Retry-After", RETRY_AFTER_SECONDS);
    return error(503, h, "unavailable", List.of(new Violation("$", "service.available",
        message + "; nothing was written, retry after " + RETRY_AFTER_SECONDS + " s")));
  }

  IngestResponse error(int status, Map<String, String> headers, String error, List<Violation> violations) {
    ObjectNode body = json.createObjectNode().put("error", error);
    ArrayNode list = body.putArray("violations");
    for (Violation v : violations) {
      list.addObject().put("path", v.path()).put("rule", v.rule()).put("message", v.message());
    }
    return IngestResponse.json(status, new LinkedHashMap<>(headers), bytes(body));
  }

  private byte[] bytes(JsonNode node) {
    try {
      return json.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not write a JSON answer", e);
    }
  }
}
