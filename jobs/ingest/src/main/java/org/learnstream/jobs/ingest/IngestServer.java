package org.learnstream.jobs.ingest;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.learnstream.pipeline.xapi.StatementValidator;
import org.learnstream.pipeline.xapi.Violation;

/**
 * The xAPI front door over HTTP: {@code /xapi/statements}, {@code /xapi/about}, {@code /metrics} and, when given,
 * the document resources. Only wiring lives here; the request logic is {@link StatementsService} and
 * the {@link AdditionalResources}.
 */
public final class IngestServer implements AutoCloseable {

  private final Javalin app;
  private final StatementPublisher publisher;
  private final ReadableThrough readable;
  private final PrometheusMeterRegistry registry;
  private final String host;

  private IngestServer(Javalin app, StatementPublisher publisher, ReadableThrough readable,
      PrometheusMeterRegistry registry, String host) {
    this.app = app;
    this.publisher = publisher;
    this.readable = readable;
    this.registry = registry;
    this.host = host;
  }

  /** Starts a server writing to Kafka as configured and reading landed statements from {@code store}. */
  public static IngestServer start(IngestServerSettings settings, StatementStore store) {
    return start(settings, store, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** As {@link #start(IngestServerSettings, StatementStore)}, its meters in {@code registry}, which /metrics serves. */
  public static IngestServer start(IngestServerSettings settings, StatementStore store,
      PrometheusMeterRegistry registry) {
    return start(settings, store, new KafkaStatementPublisher(settings.kafka(), registry), registry);
  }

  /**
   * Also serves the document, Agents and Activities resources of {@code documents}, and keeps attachment content in
   * its database; the caller closes {@code documents}. Meters in {@code registry}, which /metrics serves.
   */
  public static IngestServer start(IngestServerSettings settings, StatementStore store, AdditionalResources documents,
      PrometheusMeterRegistry registry) {
    return start(settings, store, documents, registry, app -> {
    });
  }

  /**
   * As {@link #start(IngestServerSettings, StatementStore, AdditionalResources, PrometheusMeterRegistry)}, with the
   * routes beside xAPI (admin, subscriptions) that {@code moreRoutes} adds.
   */
  public static IngestServer start(IngestServerSettings settings, StatementStore store, AdditionalResources documents,
      PrometheusMeterRegistry registry, Consumer<Javalin> moreRoutes) {
    return start(settings, store, documents.recording(new KafkaStatementPublisher(settings.kafka(), registry)),
        registry, app -> {
          documents.route(app);
          moreRoutes.accept(app);
        }, documents.attachments());
  }

  static IngestServer start(IngestServerSettings settings, StatementStore store, StatementPublisher publisher,
      PrometheusMeterRegistry registry) {
    return start(settings, store, publisher, registry, app -> {
    }, AttachmentStore.NONE);
  }

  static IngestServer start(IngestServerSettings settings, StatementStore store, StatementPublisher publisher,
      PrometheusMeterRegistry registry, Consumer<Javalin> moreRoutes, AttachmentStore attachments) {
    IngestMetrics metrics = new IngestMetrics(registry);
    QueuedThreadPool threads = threads();
    ReadableThrough readable = ReadableThrough.following(Clock.systemUTC(), store);
    StatementsService service = new StatementsService(settings.credentials(),
        new StatementBatchPreparer(new StatementValidator(), settings.limits()),
        new RecentStatementIds(settings.recentIds()), store, publisher, metrics, settings.limits(), threads, readable,
        new StatementAttachments(attachments, settings.attachmentLimits()));
    int maxBody = settings.limits().maxBodyBytes();

    Javalin app = javalin(maxBody, threads);
    app.get("/xapi/about", ctx -> answer(ctx, metrics, System.nanoTime(), service.about()));
    app.get("/xapi/statements", ctx -> answer(ctx, metrics, System.nanoTime(),
        service.handle(request(ctx, new byte[0]))));
    app.head("/xapi/statements", ctx -> answer(ctx, metrics, System.nanoTime(),
        service.handle(request(ctx, new byte[0]))));
    app.post("/xapi/statements", ctx -> withBody(ctx, service, metrics, maxBody));
    app.put("/xapi/statements", ctx -> withBody(ctx, service, metrics, maxBody));
    moreRoutes.accept(app);
    app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    app.exception(Exception.class, (e, ctx) -> {
      IngestResponse r = service.error(500, Map.of(), "internal error",
          List.of(new Violation("$", "server.error", e.getClass().getSimpleName() + ": " + e.getMessage())));
      send(ctx, r);
    });
    try {
      app.start(settings.host(), settings.port());
    } catch (RuntimeException e) {
      publisher.close();
      readable.close();
      throw new IllegalStateException("The ingest server could not listen on " + settings.host() + ":"
          + settings.port() + " (is the port taken? choose another with --port): " + e.getMessage(), e);
    }
    return new IngestServer(app, publisher, readable, registry, settings.host());
  }

  /** Request threads, which also write the answers once Kafka has the statements. */
  public static QueuedThreadPool threads() {
    QueuedThreadPool threads = new QueuedThreadPool(250, 8, 60_000);
    threads.setName("ingest-http");
    return threads;
  }

  /** The HTTP server as the endpoint configures it, without routes: also the benchmark's HTTP-alone yardstick. */
  public static Javalin javalin(int maxBodyBytes, QueuedThreadPool threads) {
    return Javalin.create(config -> {
      config.jetty.threadPool = threads;
      config.showJavalinBanner = false;
      config.router.ignoreTrailingSlashes = true;
      config.http.maxRequestSize = (long) maxBodyBytes + 1;
      // answers are short id lists and small documents: gzip cost more CPU than it saved bytes
      config.http.disableCompression();
    });
  }

  public int port() {
    return app.port();
  }

  /** E.g. {@code http://127.0.0.1:8080/xapi/}. */
  public URI baseUrl() {
    return URI.create("http://" + host + ":" + port() + "/xapi/");
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    app.stop();
    publisher.close();
    readable.close();
  }

  private static void answer(Context ctx, IngestMetrics metrics, long start, IngestResponse response) {
    if (response.status() == 413) {
      ctx.header("Connection", "close"); // the rest of the body is never read
    }
    send(ctx, response);
    metrics.request(ctx.method().name(), response.status(), Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * A write to Kafka is awaited without a request thread: the answer is written by whichever thread finishes the
   * request, so a few threads serve many clients waiting for acks.
   */
  private static void withBody(Context ctx, StatementsService service, IngestMetrics metrics, int maxBody) {
    long start = System.nanoTime();
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBody) {
      answer(ctx, metrics, start, service.bodyTooLarge(declared, ctx.header(XapiVersionHeader.NAME)));
      return;
    }
    byte[] body;
    try (InputStream in = ctx.req().getInputStream()) {
      // without a declared length, one byte over the limit tells a chunked body over it
      body = declared >= 0 ? readDeclared(in, (int) declared) : in.readNBytes(maxBody + 1);
    } catch (IOException e) {
      throw new IllegalStateException("Could not read the request body: " + e.getMessage(), e);
    }
    CompletableFuture<IngestResponse> response = service.handleAsync(request(ctx, body));
    if (response.isDone()) {
      answer(ctx, metrics, start, response.join());
    } else {
      ctx.future(() -> response.thenAccept(r -> answer(ctx, metrics, start, r)));
    }
  }

  /**
   * A body of known length read straight into an array of that length: reading up to the limit instead collects it
   * in 8 KiB pieces and copies them into the result, twice the bytes allocated for a batch of a hundred statements.
   */
  private static byte[] readDeclared(InputStream in, int length) throws IOException {
    byte[] body = new byte[length];
    int read = in.readNBytes(body, 0, length);
    return read == length ? body : Arrays.copyOf(body, read);
  }

  private static IngestRequest request(Context ctx, byte[] body) {
    Map<String, String> query = new HashMap<>();
    if (ctx.queryString() != null) { // building Javalin's parameter map showed in every POST's profile
      ctx.queryParamMap().forEach((k, v) -> {
        if (!v.isEmpty()) {
          query.put(k, v.get(0));
        }
      });
    }
    return new IngestRequest(ctx.method().name(), ctx.header("Authorization"),
        ctx.header(XapiVersionHeader.NAME), query, body, ctx.header("Content-Type"), ctx.header("Accept-Language"))
        .unwrapped();
  }

  private static void send(Context ctx, IngestResponse response) {
    ctx.status(response.status());
    response.headers().forEach(ctx::header);
    if (response.body().length > 0) {
      // JSON unless the answer says otherwise (multipart/mixed with attachments)
      ctx.contentType(response.headers().getOrDefault("Content-Type", "application/json")).result(response.body());
    }
  }
}
