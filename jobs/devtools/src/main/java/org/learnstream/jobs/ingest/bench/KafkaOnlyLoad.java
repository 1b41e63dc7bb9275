package org.learnstream.jobs.ingest.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.learnstream.jobs.ingest.PreparedStatement;
import org.learnstream.jobs.ingest.StatementPublisher;

/**
 * The ingest benchmark's yardstick: the benchmark's statements written by the server's own publisher (acks=all,
 * idempotence, one transaction per batch) from as many threads, with no HTTP, parsing or validation. What it
 * reaches is what the broker on this machine allows the endpoint at most.
 */
public final class KafkaOnlyLoad {

  private static final int VARIANTS = 64;

  private final StatementPublisher publisher;
  private final List<List<PreparedStatement>> batches = new ArrayList<>();
  private final List<List<PreparedStatement>> singles = new ArrayList<>();

  public KafkaOnlyLoad(StatementPublisher publisher, int batchSize) {
    this.publisher = publisher;
    for (int v = 0; v < VARIANTS; v++) {
      List<PreparedStatement> batch = new ArrayList<>(batchSize);
      for (int i = 0; i < batchSize; i++) {
        batch.add(prepared(v * batchSize + i));
      }
      batches.add(batch);
      singles.add(List.of(prepared(v * 7919)));
    }
  }

  public LoadResult run(String name, int clients, boolean batched, Duration duration, long maxRequests)
      throws Exception {
    List<List<PreparedStatement>> requests = batched ? batches : singles;
    return LoadPhase.run(name, clients, requests.get(0).size(), (client, n) -> {
      publisher.publish(requests.get(Math.floorMod(client * 1_000_003 + n, VARIANTS)));
      return null;
    }, duration, maxRequests);
  }

  /** A statement as the server writes it: with its id first; the key as the server forms it. */
  private static PreparedStatement prepared(int n) {
    String id = UUID.nameUUIDFromBytes(Integer.toString(n).getBytes(StandardCharsets.UTF_8)).toString();
    String json = "{\"id\":\"" + id + "\",\"stored\":\"2026-03-01T10:00:00.000Z\","
        + BenchStatements.statement(n).substring(1);
    return new PreparedStatement(id, "demo|account:https://lms.example.com|learner-" + Math.floorMod(n, 5_000),
        json.getBytes(StandardCharsets.UTF_8), null, false);
  }
}
