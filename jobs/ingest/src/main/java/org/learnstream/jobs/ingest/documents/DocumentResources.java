package org.learnstream.jobs.ingest.documents;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.learnstream.jobs.ingest.AdditionalResources;
import org.learnstream.jobs.ingest.AlternateRequestSyntax;
import org.learnstream.jobs.ingest.AttachmentStore;
import org.learnstream.jobs.ingest.StatementPublisher;
import org.learnstream.jobs.ingest.TenantCredentials;
import org.learnstream.jobs.ingest.XapiVersionHeader;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.xapi.Pseudonymizer;
import org.learnstream.pipeline.xapi.RequestParameterRules;
import org.learnstream.pipeline.xapi.ValidationLimits;
import org.learnstream.pipeline.xapi.Violation;

/**
 * The document resources (State, Activity Profile, Agent Profile), Agents and Activities on one document
 * database, and their routes under {@code /xapi}. The database stays open until {@link #close()}.
 */
public final class DocumentResources implements AdditionalResources, AutoCloseable {

  private final DocumentDatabase db;
  private final DocumentsService documents;
  private final AgentsAndActivitiesService agentsAndActivities;
  private final ActivityDefinitions definitions;
  private final AttachmentStore attachments;
  private final LearnerRecordStore records;

  /** Resources whose statements publisher writes statements in the clear. */
  public DocumentResources(DocumentDatabase db, TenantCredentials credentials, DocumentLimits limits) {
    this(db, credentials, limits, null);
  }

  /**
   * Resources whose statements publisher seals each statement under its actor's learner record, kept in the same
   * database and looked up under {@code recordLookupKeys} (the pseudonymisation key); null: in the clear.
   */
  public DocumentResources(DocumentDatabase db, TenantCredentials credentials, DocumentLimits limits,
      Pseudonymizer recordLookupKeys) {
    this.db = db;
    // no age-bounded cache here: the sealing publisher caches records checked against the erasure epoch per batch, so
    // a record erased by another process is never used to seal a statement whose batch started after the erasure
    this.records = recordLookupKeys == null
        ? null
        : new LearnerRecordStore(new DocumentRecordTransactions(db),
            recordLookupKeys, new SecureRandom(), Clock.systemUTC(), 0, Duration.ZERO);
    RequestParameterRules rules = new RequestParameterRules(ValidationLimits.defaults());
    this.definitions = new ActivityDefinitions(db, Clock.systemUTC());
    this.documents = new DocumentsService(credentials, new DocumentStore(db, Clock.systemUTC()), limits, rules);
    this.agentsAndActivities = new AgentsAndActivitiesService(credentials, definitions, rules);
    this.attachments = new DatabaseAttachmentStore(db, Clock.systemUTC());
  }

  /** The statements publisher that also records the activity definitions of what it writes (and seals it). */
  @Override
  public StatementPublisher recording(StatementPublisher publisher) {
    return new ActivityRecordingPublisher(records == null
        ? publisher
        : new SealingStatementPublisher(publisher,
            records),
        definitions);
  }

  /** The learner records statements are sealed under; empty when statements are written in the clear. */
  public Optional<LearnerRecordStore> records() {
    return Optional.ofNullable(records);
  }

  /** Attachment content of statements, kept in the same database. */
  @Override
  public AttachmentStore attachments() {
    return attachments;
  }

  public DocumentDatabase database() {
    return db;
  }

  @Override
  public void route(Javalin app) {
    for (DocumentResource resource : DocumentResource.values()) {
      Handler handler = ctx -> serve(ctx, request -> documents.handle(resource, request));
      String path = "/xapi" + resource.path();
      app.get(path, handler);
      app.head(path, handler);
      app.put(path, handler);
      app.post(path, handler);
      app.delete(path, handler);
    }
    readOnly(app, "/xapi/agents", agentsAndActivities::agents);
    readOnly(app, "/xapi/activities", agentsAndActivities::activities);
  }

  /** GET and HEAD, and POST only in the alternate request syntax. */
  private void readOnly(Javalin app, String path, Function<DocumentRequest, DocumentAnswer> service) {
    Handler handler = ctx -> serve(ctx, request -> request.method().equals("GET") || request.method().equals("HEAD")
        ? service.apply(request)
        : Answers.error(405, Map.of(), "method not allowed", new Violation("$", "method.allowed",
            path.substring("/xapi".length()) + " takes GET and HEAD")));
    app.get(path, handler);
    app.head(path, handler);
    app.post(path, handler);
  }

  private void serve(Context ctx, Function<DocumentRequest, DocumentAnswer> service) {
    DocumentRequest request = request(ctx);
    DocumentAnswer answer = service.apply(request);
    boolean headInAPost = request.method().equals("HEAD") && !ctx.method().name().equals("HEAD");
    // a real HEAD keeps the body's length and Jetty sends no body; a HEAD in the alternate syntax drops it here
    send(ctx, headInAPost
        ? new DocumentAnswer(answer.status(), answer.headers(), answer.contentType(), new byte[0])
        : answer);
  }

  private DocumentRequest request(Context ctx) {
    Map<String, String> query = new HashMap<>();
    ctx.queryParamMap().forEach((k, v) -> {
      if (!v.isEmpty()) {
        query.put(k, v.get(0));
      }
    });
    DocumentRequest request = new DocumentRequest(ctx.method().name(), ctx.header("Authorization"),
        ctx.header(XapiVersionHeader.NAME), query, ctx.header("Content-Type"), ctx.header("If-Match"),
        ctx.header("If-None-Match"), body(ctx));
    if (!AlternateRequestSyntax.applies(request.method(), query)) {
      return request;
    }
    AlternateRequestSyntax.Unwrapped form = AlternateRequestSyntax.unwrap(query, request.contentType(),
        request.versionHeader(), request.body());
    return new DocumentRequest(form.method(), form.header("Authorization", request.authorization()),
        form.header(XapiVersionHeader.NAME, request.versionHeader()), form.query(), form.header("Content-Type", null),
        form.header("If-Match", null), form.header("If-None-Match", null), form.content());
  }

  /** The body, read to one byte over the limit so that the service can tell it is too large. */
  private byte[] body(Context ctx) {
    int max = documents.limits().maxDocumentBytes();
    if (ctx.req().getContentLengthLong() > max) {
      ctx.header("Connection", "close"); // the rest of the body is never read
      return new byte[max + 1]; // one byte over: the service answers 413 without the body
    }
    try (InputStream in = ctx.req().getInputStream()) {
      return in.readNBytes(max + 1);
    } catch (IOException e) {
      throw new IllegalStateException("Could not read the request body: " + e.getMessage(), e);
    }
  }

  private static void send(Context ctx, DocumentAnswer answer) {
    ctx.status(answer.status());
    answer.headers().forEach(ctx::header);
    if (answer.contentType() != null) {
      ctx.contentType(answer.contentType()).result(answer.body());
    }
  }

  @Override
  public void close() {
    db.close();
  }
}
