package org.learnstream.jobs.ingest.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * Drives the statements endpoint with concurrent clients, each sending requests back to back until
 * the phase's time or request budget is spent, and reports throughput and latency percentiles.
 * Each client sends on its own thread over a kept-alive connection with a blocking HTTP client: the
 * JDK's asynchronous client hands every exchange across three threads and took a quarter of the
 * process CPU in the single-statement phase, CPU the server under test then lacked.
 */
public final class IngestLoadDriver implements AutoCloseable {

  private final CloseableHttpClient http;
  private final URI statements;
  private final String authorization;

  public IngestLoadDriver(URI baseUrl, String user, String secret) {
    this.http = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(1024)
            .setMaxConnPerRoute(1024)
            .setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.ofSeconds(5))
                .setSocketTimeout(Timeout.ofSeconds(30))
                .build())
            .build())
        .disableAutomaticRetries() // a failed request counts as a failure, never silently as a second try
        // each step of the client's chain costs CPU the server under test then lacks; none of them applies here
        .disableCookieManagement()
        .disableRedirectHandling()
        .disableContentCompression()
        .disableAuthCaching()
        .disableConnectionState()
        .build();
    String base = baseUrl.toString();
    this.statements = URI.create(base + (base.endsWith("/") ? "" : "/") + "statements");
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @param bodies body for the n-th request of a client (e.g. a batch of statements of varied learners)
   * @param maxRequests overall request budget across clients
   */
  public LoadResult run(String name, int clients, int statementsPerRequest, IntFunction<byte[]> bodies,
      Duration duration, long maxRequests) throws Exception {
    return LoadPhase.run(name, clients, statementsPerRequest, (client, n) -> {
      HttpPost request = new HttpPost(statements);
      request.setHeader("Authorization", authorization);
      request.setHeader("X-Experience-API-Version", "1.0.3");
      request.setEntity(new ByteArrayEntity(bodies.apply(client * 1_000_003 + n), ContentType.APPLICATION_JSON));
      return http.execute(request, r -> {
        byte[] answer = EntityUtils.toByteArray(r.getEntity()); // read in full, as a real client must
        return r.getCode() == 200
            ? null
            : "HTTP " + r.getCode() + ": " + new String(answer == null ? new byte[0] : answer, StandardCharsets.UTF_8);
      });
    }, duration, maxRequests);
  }

  @Override
  public void close() throws IOException {
    http.close();
  }
}
