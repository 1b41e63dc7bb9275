package org.learnstream.jobs.ingest.documents;

import org.learnstream.jobs.settings.DocumentOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.learnstream.jobs.ingest.TenantCredentials;
import org.learnstream.jobs.ingest.documents.DocumentStore.Edit;
import org.learnstream.jobs.ingest.documents.DocumentStore.Keep;
import org.learnstream.jobs.ingest.documents.DocumentStore.Remove;
import org.learnstream.jobs.ingest.documents.DocumentStore.Store;
import org.learnstream.jobs.ingest.documents.RequestGate.Passed;
import org.learnstream.pipeline.xapi.RequestParameterRules;
import org.learnstream.pipeline.xapi.Violation;
import org.learnstream.pipeline.xapi.XapiVersion;

/**
 * The State, Activity Profile and Agent Profile resources without HTTP plumbing: PUT replaces, POST merges JSON
 * objects, GET reads one document or the ids changed since a time, DELETE removes one (or, for State, all of a
 * scope); ETags with If-Match / If-None-Match guard every write. A refused request changes nothing.
 */
public final class DocumentsService {

  private static final String OCTET_STREAM = "application/octet-stream";
  /** The width of the content_type column. */
  private static final int MAX_CONTENT_TYPE_CHARS = 255;

  private final RequestGate gate;
  private final DocumentStore store;
  private final DocumentLimits limits;
  private final RequestParameterRules rules;

  public DocumentsService(TenantCredentials credentials, DocumentStore store, DocumentLimits limits,
      RequestParameterRules rules) {
    this.gate = new RequestGate(credentials);
    this.store = store;
    this.limits = limits;
    this.rules = rules;
  }

  public DocumentLimits limits() {
    return limits;
  }

  /** A parsed request: where, which document (null for a list or a scope) and the {@code since} filter. */
  private record Target(DocumentAddress address, String documentId, Instant since) {
  }

  public DocumentAnswer handle(DocumentResource resource, DocumentRequest request) {
    Passed passed = gate.check(request);
    if (passed.refused()) {
      return passed.refusal();
    }
    Map<String, String> headers = passed.headers();
    String method = request.method();
    if (request.contentType() != null && request.contentType().length() > MAX_CONTENT_TYPE_CHARS) {
      return Answers.error(400, headers, "invalid request", new Violation("header:Content-Type",
          "content-type.length", "has more than " + MAX_CONTENT_TYPE_CHARS + " characters"));
    }
    if (request.body().length > limits.maxDocumentBytes()) {
      return Answers.error(413, headers, "document too large", new Violation("$", "document.too-large",
          "the document has more than " + limits.maxDocumentBytes() + " bytes, the most this LRS keeps (setting "
              + DocumentOptions.MAX_BYTES.key() + ")"));
    }
    QueryParameters params = new QueryParameters(request, rules, passed.version());
    boolean write = method.equals("PUT") || method.equals("POST");
    boolean idRequired = write || (method.equals("DELETE") && resource != DocumentResource.STATE);
    Target target = target(resource, params, passed, idRequired);
    if (!params.problems.isEmpty()) {
      return Answers.error(400, headers, "invalid request", params.problems);
    }
    try {
      return switch (method) {
        case "GET", "HEAD" -> target.documentId() == null ? list(target, headers) : get(target, headers);
        case "PUT" -> put(resource, passed.version(), request, target, headers);
        case "POST" -> post(request, target, headers);
        case "DELETE" -> delete(request, target, headers);
        default -> Answers.error(405, headers, "method not allowed", new Violation("$", "method.allowed",
            resource.path() + " takes GET, HEAD, PUT, POST and DELETE"));
      };
    } catch (SQLException e) {
      return Answers.unavailable(headers, e);
    }
  }

  private Target target(DocumentResource resource, QueryParameters params, Passed passed, boolean idRequired) {
    String tenant = passed.principal().tenant();
    String activityId = resource == DocumentResource.AGENT_PROFILE ? null : params.activityId(true);
    String agent = resource == DocumentResource.ACTIVITY_PROFILE ? null : params.agent(true);
    String registration = resource == DocumentResource.STATE ? params.registration() : null;
    String documentId = params.documentId(resource.idParameter(), idRequired);
    Instant since = documentId == null ? params.since() : null;
    return new Target(new DocumentAddress(tenant, resource, activityId, agent, registration), documentId, since);
  }

  private DocumentAnswer list(Target target, Map<String, String> headers) throws SQLException {
    ArrayNode ids = Answers.JSON.createArrayNode();
    store.ids(target.address(), target.since()).forEach(ids::add);
    return Answers.json(200, headers, ids);
  }

  private DocumentAnswer get(Target target, Map<String, String> headers) throws SQLException {
    Optional<StoredDocument> found = store.find(target.address(), target.documentId());
    if (found.isEmpty()) {
      return Answers.error(404, headers, "not found", new Violation("query:" + target.address().resource()
          .idParameter(), "document.known", "no such document in this scope"));
    }
    StoredDocument d = found.get();
    Map<String, String> h = new HashMap<>(headers);
    h.put("ETag", "\"" + d.etag() + "\"");
    h.put("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(d.updated().atOffset(ZoneOffset.UTC)));
    return new DocumentAnswer(200, h, d.contentType(), d.content());
  }

  /**
   * PUT replaces. Overwriting without If-Match or If-None-Match is a lost-update risk the spec refuses with 409
   * for the profiles (1.0.3 and 2.0) and, from 2.0 on, for State too; 1.0.x State clients overwrite freely. A
   * profile PUT without either header is refused even when nothing exists yet (400, as ADL's 1.0.3 suite asks):
   * such a client could not tell creating from overwriting.
   */
  private DocumentAnswer put(DocumentResource resource, XapiVersion version, DocumentRequest request, Target target,
      Map<String, String> headers) throws SQLException {
    boolean unguarded = request.ifMatch() == null && request.ifNoneMatch() == null;
    boolean profile = resource != DocumentResource.STATE;
    Edit edit = store.change(target.address(), target.documentId(), current -> {
      if (!Preconditions.hold(request.ifMatch(), request.ifNoneMatch(), current)) {
        return preconditionFailed(headers);
      }
      if (unguarded && current.isPresent() && (profile || version == XapiVersion.V2_0_0)) {
        return new Keep(Answers.error(409, headers, "conflict", new Violation("header:If-Match", "etag.required",
            "the document exists: send If-Match with its ETag to replace it; nothing was changed")));
      }
      if (unguarded && profile) {
        return new Keep(Answers.error(400, headers, "invalid request", new Violation("header:If-None-Match",
            "etag.required", "PUT on " + resource.path() + " needs If-None-Match: * to create a document (or "
                + "If-Match with its ETag to replace one); nothing was changed")));
      }
      return new Store(request.body(), contentType(request));
    });
    return answer(edit, headers);
  }

  /** POST merges the top-level properties of two JSON objects, or stores the document when there is none. */
  private DocumentAnswer post(DocumentRequest request, Target target, Map<String, String> headers)
      throws SQLException {
    boolean json = StoredDocument.isJsonType(request.contentType());
    ObjectNode posted = json ? jsonObject(request.body()) : null;
    if (json && posted == null) {
      return Answers.error(400, headers, "invalid request", new Violation("$", "document.json-object",
          "a document sent as application/json must be a JSON object"));
    }
    Edit edit = store.change(target.address(), target.documentId(), current -> {
      if (!Preconditions.hold(request.ifMatch(), request.ifNoneMatch(), current)) {
        return preconditionFailed(headers);
      }
      if (current.isEmpty()) {
        return new Store(request.body(), contentType(request));
      }
      ObjectNode existing = current.get().isJson() ? jsonObject(current.get().content()) : null;
      if (posted == null || existing == null) {
        return new Keep(Answers.error(400, headers, "invalid request", new Violation("header:Content-Type",
            "document.merge-json", "POST merges JSON objects: the stored document and the posted one must both be "
                + "application/json objects; use PUT to replace the document")));
      }
      existing.setAll(posted);
      return new Store(Answers.bytes(existing), "application/json");
    });
    return answer(edit, headers);
  }

  private DocumentAnswer delete(DocumentRequest request, Target target, Map<String, String> headers)
      throws SQLException {
    if (target.documentId() == null) {
      store.deleteAll(target.address());
      return Answers.noContent(headers);
    }
    Edit edit = store.change(target.address(), target.documentId(),
        current -> Preconditions.hold(request.ifMatch(), request.ifNoneMatch(), current)
            ? new Remove()
            : preconditionFailed(headers));
    return answer(edit, headers);
  }

  private static Keep preconditionFailed(Map<String, String> headers) {
    return new Keep(Answers.error(412, headers, "precondition failed", new Violation("header:If-Match",
        "etag.precondition", "the document's current ETag does not satisfy If-Match / If-None-Match; read it again "
            + "(GET) and retry with its ETag; nothing was changed")));
  }

  private static DocumentAnswer answer(Edit edit, Map<String, String> headers) {
    return edit instanceof Keep k ? k.refusal() : Answers.noContent(headers);
  }

  private static String contentType(DocumentRequest request) {
    String type = request.contentType();
    return type == null || type.isBlank() ? OCTET_STREAM : type.trim();
  }

  private static ObjectNode jsonObject(byte[] content) {
    try {
      JsonNode node = Answers.JSON.readTree(content);
      return node != null && node.isObject() ? (ObjectNode) node : null;
    } catch (IOException e) {
      return null;
    }
  }
}
