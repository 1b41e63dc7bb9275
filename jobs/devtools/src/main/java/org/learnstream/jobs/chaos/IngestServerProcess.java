package org.learnstream.jobs.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import org.learnstream.pipeline.local.FreePorts;

/**
 * {@code learnstream serve --no-pipeline} in a child JVM on a port fixed for the whole run, with a credentials file
 * for the chaos tenant whose secret exists only in this JVM (the file holds its SHA-256). {@link #start} returns once
 * the server answers; {@link #kill} is a crash (SIGKILL).
 */
final class IngestServerProcess implements AutoCloseable {

  static final String USER = "chaos-lms";
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  private final RunnerProcess process;
  private final int port;
  private final String secret;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private IngestServerProcess(RunnerProcess process, int port, String secret) {
    this.process = process;
    this.port = port;
    this.secret = secret;
  }

  /** Writes the credentials file into {@code dir}; the server uses the settings file of the run's pipeline. */
  static IngestServerProcess prepare(Path configFile, Path dir, String instanceId) throws IOException {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String secret = HexFormat.of().formatHex(random);
    Path credentials = dir.resolve("ingest-credentials.yaml");
    Files.writeString(credentials, String.join("\n",
        "tenants:",
        "  " + ChaosSettings.TENANT + ":",
        "    - key: " + USER,
        "      secretSha256: " + sha256(secret),
        ""));
    int port = FreePorts.find();
    return new IngestServerProcess(RunnerProcess.ingestServer(configFile, credentials, port, instanceId,
        dir.resolve("ingest.log")), port, secret);
  }

  /** Starts the server and waits until {@code GET /xapi/about} answers 200. */
  void start() throws IOException, InterruptedException {
    process.start();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    HttpRequest about = HttpRequest.newBuilder(baseUrl().resolve("about")).timeout(Duration.ofSeconds(5)).GET().build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the ingest server exited on its own; see " + process.log());
      }
      try {
        if (http.send(about, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200); // poll interval
    }
    throw new IllegalStateException("the ingest server did not answer within " + READY_TIMEOUT.toSeconds()
        + " s; see " + process.log());
  }

  /** SIGKILL: requests in flight get a broken connection, Kafka transactions in flight stay open. */
  void kill() throws InterruptedException {
    process.kill();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port + "/xapi/");
  }

  String secret() {
    return secret;
  }

  Path log() {
    return process.log();
  }

  private static String sha256(String secret) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
