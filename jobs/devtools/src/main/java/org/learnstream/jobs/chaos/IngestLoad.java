package org.learnstream.jobs.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.learnstream.jobs.ingest.send.BatchTarget;
import org.learnstream.jobs.ingest.send.HttpBatchTarget;
import org.learnstream.jobs.ingest.send.SendSummary;
import org.learnstream.jobs.ingest.send.StatementSender;
import org.learnstream.pipeline.simulate.SimulatedStatement;

/**
 * LMS clients posting the cohort to the ingest server: the learners split over a few clients, each sending small
 * batches at its share of the pace through {@link StatementSender} (which retries 503s and connection errors with
 * backoff). Every statement id the server answered 200 for is remembered: those must never be lost.
 */
public final class IngestLoad implements StatementStream, AutoCloseable {

  static final int CLIENTS = 4;
  static final int BATCH = 10;
  /** How long one batch may keep failing before its client gives up: far longer than a restart takes. */
  static final Duration RETRY_FOR = Duration.ofMinutes(5);

  private final URI baseUrl;
  private final String user;
  private final String secret;
  private final Path dir;
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong unavailable = new AtomicLong();
  private final Set<String> acceptedIds = ConcurrentHashMap.newKeySet();
  private final List<Thread> threads = new ArrayList<>();
  private final List<SendSummary> summaries = new ArrayList<>();
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  IngestLoad(URI baseUrl, String secret, Path dir) {
    this(baseUrl, IngestServerProcess.USER, secret, dir);
  }

  /** Clients posting as {@code user}, writing their statement files into {@code dir}. */
  public IngestLoad(URI baseUrl, String user, String secret, Path dir) {
    this.baseUrl = baseUrl;
    this.user = user;
    this.secret = secret;
    this.dir = dir;
  }

  /** Writes each client's statements to a file (a learner always goes through the same client) and starts them. */
  public void start(Iterator<SimulatedStatement> statements, int perSecond) throws IOException {
    List<Path> files = new ArrayList<>();
    List<BufferedWriter> writers = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      Path file = dir.resolve("client-" + i + ".ndjson");
      files.add(file);
      writers.add(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }
    try {
      while (statements.hasNext()) {
        SimulatedStatement s = statements.next();
        BufferedWriter w = writers.get(Math.floorMod(s.actorKey().hashCode(), CLIENTS));
        w.write(new String(s.json(), StandardCharsets.UTF_8));
        w.newLine();
      }
    } finally {
      for (BufferedWriter w : writers) {
        w.close();
      }
    }
    for (int i = 0; i < CLIENTS; i++) {
      Path file = files.get(i);
      PacedTarget target = new PacedTarget(new HttpBatchTarget(baseUrl, user, secret, "1.0.3"),
          (double) perSecond / CLIENTS);
      Thread t = new Thread(() -> send(file, target), "chaos-lms-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  private void send(Path file, BatchTarget target) {
    try {
      SendSummary summary = new StatementSender(target, BATCH, RETRY_FOR).send(file, n -> {
      });
      synchronized (summaries) {
        summaries.add(summary);
      }
    } catch (IOException | RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  @Override
  public long acknowledged() {
    return acknowledged.get();
  }

  /** Waits for every client; throws when one stopped early or had statements refused. */
  @Override
  public long awaitAllAcknowledged() throws InterruptedException {
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("an ingest client failed: " + failure.get(), failure.get());
    }
    for (SendSummary s : summaries) {
      if (!s.complete() || s.rejected() > 0) {
        throw new IllegalStateException("an ingest client did not get every statement accepted: " + s.describe());
      }
    }
    return acknowledged.get();
  }

  /** Batches answered 503 or met by a connection error (each then retried). */
  long unavailableAnswers() {
    return unavailable.get();
  }

  /** Ids of the statements the server answered 200 for. */
  Set<String> acceptedIds() {
    return Set.copyOf(acceptedIds);
  }

  @Override
  public void close() {
    threads.forEach(Thread::interrupt);
  }

  /** Holds each batch until its due time at the client's pace, and records what the server accepted. */
  private final class PacedTarget implements BatchTarget {
    private final HttpBatchTarget http;
    private final double perSecond;
    private final long t0 = System.nanoTime();
    private long accepted;

    PacedTarget(HttpBatchTarget http, double perSecond) {
      this.http = http;
      this.perSecond = perSecond;
    }

    @Override
    public Outcome send(List<JsonNode> batch) {
      long wait = t0 + (long) (accepted * 1e9 / perSecond) - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // pacing, not synchronisation
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new Outcome.Fatal("interrupted");
        }
      }
      Outcome outcome = http.send(batch);
      if (outcome instanceof Outcome.Unavailable) {
        unavailable.incrementAndGet();
      }
      if (outcome instanceof Outcome.Accepted) {
        accepted += batch.size();
        batch.forEach(s -> acceptedIds.add(s.path("id").asText()));
        acknowledged.addAndGet(batch.size());
      }
      return outcome;
    }

    @Override
    public void close() {
      http.close();
    }
  }
}
