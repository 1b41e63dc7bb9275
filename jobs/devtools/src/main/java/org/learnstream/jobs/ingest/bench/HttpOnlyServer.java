package org.learnstream.jobs.ingest.bench;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.learnstream.jobs.ingest.IngestLimits;
import org.learnstream.jobs.ingest.IngestServer;

/**
 * The ingest benchmark's HTTP yardstick: the endpoint's HTTP server, configured as the endpoint configures it, whose
 * {@code POST /xapi/statements} reads the body and answers 200 with an id list of the usual length, with no
 * credentials, parsing, validation or Kafka. What it reaches is what HTTP on this machine allows the endpoint at most.
 */
public final class HttpOnlyServer implements AutoCloseable {

  private static final String ID = "\"5f6ccbb5-7e1b-4bd6-9c2c-3a1f0f4c0a11\"";

  private final Javalin app;

  private HttpOnlyServer(Javalin app) {
    this.app = app;
  }

  public static HttpOnlyServer start(int statementsPerAnswer) {
    byte[] answer = ("[" + String.join(",", Collections.nCopies(statementsPerAnswer, ID)) + "]")
        .getBytes(StandardCharsets.UTF_8);
    byte[] single = ("[" + ID + "]").getBytes(StandardCharsets.UTF_8);
    int maxBody = IngestLimits.defaults().maxBodyBytes();
    Javalin app = IngestServer.javalin(maxBody, IngestServer.threads());
    app.post("/xapi/statements", ctx -> {
      byte[] body;
      try (InputStream in = ctx.req().getInputStream()) {
        body = in.readNBytes(maxBody + 1);
      } catch (IOException e) {
        throw new IllegalStateException("Could not read the request body: " + e.getMessage(), e);
      }
      ctx.header("X-Experience-API-Version", "1.0.3");
      ctx.contentType("application/json").result(body.length > 0 && body[0] == '[' ? answer : single);
    });
    app.start("127.0.0.1", 0);
    return new HttpOnlyServer(app);
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + app.port() + "/xapi/");
  }

  @Override
  public void close() {
    app.stop();
  }
}
