package org.learnstream.jobs.ingest;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.learnstream.pipeline.kafka.ProducerFailures;

/**
 * Writes statements with acks=all and idempotence. A single statement is one record, atomic by
 * itself, and goes through one shared idempotent producer (which batches across requests). A batch
 * goes in a transaction, so read_committed readers see all of it or none; batches that wait together
 * share one ({@link GroupCommit}), each of {@code transactionalProducers} committers owning two
 * transactional producers that it uses in turn (see {@link Committer}). Any failure aborts the transaction, and a
 * producer that cannot abort, or whose failure means that the broker's state of it and its own disagree
 * ({@link ProducerFailures}), is replaced (its successor with the same transactional id fences and aborts what was
 * left open). The shared producer of single statements is replaced after such a failure too, once per producer
 * however many of its records fail; the requests it failed are answered 503 as any other failed write.
 */
public final class KafkaStatementPublisher implements StatementPublisher {

  /** Meter of the statements each committed transaction carried: how well group commit shares the broker's cost. */
  public static final String TRANSACTION_STATEMENTS = "learnstream.ingest.kafka.transaction.statements";

  private final KafkaPublisherSettings settings;
  private final Object singleReplacement = new Object();
  private volatile Producer<String, byte[]> single;
  private final List<Committer> committers = new ArrayList<>();
  private final GroupCommit groups;
  private final Timer sendTimer;
  private final DistributionSummary transactionStatements;

  private final class Slot {
    final int index;
    Producer<String, byte[]> producer;
    boolean initialised;

    Slot(int index) {
      this.index = index;
      this.producer = new KafkaProducer<>(config(settings.transactionalIdPrefix() + "-" + index));
    }

    void replace() {
      producer.close(Duration.ZERO);
      producer = new KafkaProducer<>(config(settings.transactionalIdPrefix() + "-" + index));
      initialised = false;
    }
  }

  /**
   * A committer's producers, taken in turn. After a commit the broker still writes the transaction's markers; a
   * producer that starts its next transaction before they are written has its first records refused with
   * CONCURRENT_TRANSACTIONS and retried after a backoff (20 ms and more), which under load held up a large share of
   * transactions. With two producers a committer's next transaction never waits for the markers of the one before.
   */
  private final class Committer {
    private final Slot[] producers;
    private int next;

    Committer(int index) {
      this.producers = new Slot[] {new Slot(2 * index), new Slot(2 * index + 1)};
    }

    /** The producer for the committer's next transaction; called on that committer's thread only. */
    Slot take() {
      Slot slot = producers[next];
      next = 1 - next;
      return slot;
    }
  }

  public KafkaStatementPublisher(KafkaPublisherSettings settings, MeterRegistry registry) {
    this.settings = settings;
    this.single = new KafkaProducer<>(config(null));
    for (int i = 0; i < settings.transactionalProducers(); i++) {
      committers.add(new Committer(i));
    }
    this.groups = new GroupCommit(settings.transactionalProducers(),
        (i, batch) -> commit(committers.get(i).take(), batch), settings.maxBlock(), settings.transactionalIdPrefix());
    this.sendTimer = Timer.builder("learnstream.ingest.kafka.send")
        .description("Time to write one request's statements to Kafka (acks=all)")
        .publishPercentileHistogram()
        .register(registry);
    this.transactionStatements = DistributionSummary.builder(TRANSACTION_STATEMENTS)
        .description("Statements per committed Kafka transaction (the batches that waited together share one)")
        .register(registry);
  }

  @Override
  public void publish(List<PreparedStatement> statements) throws UnavailableException {
    try {
      publishAsync(statements).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof UnavailableException u ? u : unavailable(e.getCause());
    }
  }

  /**
   * Completes on the producer's or the committer's thread; the broker's timeouts (delivery, transaction) bound
   * how long that takes.
   */
  @Override
  public CompletableFuture<Void> publishAsync(List<PreparedStatement> statements) {
    if (statements.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    long start = System.nanoTime();
    CompletableFuture<Void> written = statements.size() == 1 ? sendOne(statements.get(0)) : groups.submit(statements);
    return written.handle((ok, failed) -> {
      sendTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      if (failed != null) {
        throw new CompletionException(unavailable(failed instanceof CompletionException c ? c.getCause() : failed));
      }
      return null;
    });
  }

  private CompletableFuture<Void> sendOne(PreparedStatement statement) {
    CompletableFuture<Void> sent = new CompletableFuture<>();
    Producer<String, byte[]> through = single;
    try {
      through.send(record(statement), (metadata, error) -> {
        if (error == null) {
          sent.complete(null);
        } else {
          replaceSingleAfter(through, error);
          sent.completeExceptionally(error);
        }
      });
    } catch (RuntimeException e) { // metadata or buffer space not available within max.block.ms, or a fatal state
      replaceSingleAfter(through, e);
      sent.completeExceptionally(e);
    }
    return sent;
  }

  /**
   * Replaces the single-statement producer when {@code failure} needs a new one, unless another failure of
   * {@code failed} replaced it already. Its records not yet written fail with it (their requests get 503).
   */
  void replaceSingleAfter(Producer<String, byte[]> failed, Throwable failure) {
    if (!ProducerFailures.needANewProducer(failure)) {
      return;
    }
    synchronized (singleReplacement) {
      if (single != failed) {
        return;
      }
      single = new KafkaProducer<>(config(null));
    }
    failed.close(Duration.ZERO); // also from its own callback, where only a close without waiting is allowed
  }

  Producer<String, byte[]> singleProducer() {
    return single;
  }

  /** One transaction on the committer's producer; runs on that committer's thread only. */
  private void commit(Slot slot, List<PreparedStatement> statements) throws Exception {
    try {
      if (!slot.initialised) {
        slot.producer.initTransactions();
        slot.initialised = true;
      }
      slot.producer.beginTransaction();
      List<Future<RecordMetadata>> sent = new ArrayList<>(statements.size());
      for (PreparedStatement s : statements) {
        sent.add(slot.producer.send(record(s)));
      }
      slot.producer.commitTransaction();
      transactionStatements.record(statements.size());
      for (Future<RecordMetadata> f : sent) {
        f.get(); // already complete after a successful commit; surfaces any per-record error
      }
    } catch (Exception e) {
      abortOrReplace(slot, e);
      throw e instanceof ExecutionException && e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private void abortOrReplace(Slot slot, Exception failure) {
    try {
      if (slot.initialised && !ProducerFailures.needANewProducer(failure)) {
        slot.producer.abortTransaction();
        return;
      }
    } catch (RuntimeException abortFailed) {
      // fall through: a fresh producer with the same transactional id fences the open transaction
    }
    slot.replace();
  }

  private ProducerRecord<String, byte[]> record(PreparedStatement s) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(settings.topic(), s.key(), s.json());
    if (s.sealed() != null) {
      s.sealed().writeTo(record.headers());
    }
    return record;
  }

  private UnavailableException unavailable(Throwable cause) {
    return new UnavailableException("Kafka at " + settings.bootstrapServers() + " did not take the write: "
        + (cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage()), cause);
  }

  private Map<String, Object> config(String transactionalId) {
    Map<String, Object> c = new HashMap<>();
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    // single statements come one per request: a longer linger lets one produce request carry many of
    // them (the broker's cost is per request); a transaction's commit flushes at once whatever the linger
    c.put(ProducerConfig.LINGER_MS_CONFIG, transactionalId == null ? 5 : 2);
    c.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 20);
    c.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) settings.maxBlock().toMillis());
    int delivery = (int) settings.deliveryTimeout().toMillis();
    c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
    c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, delivery - 100));
    c.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId == null
        ? settings.transactionalIdPrefix() + "-single"
        : transactionalId);
    if (transactionalId != null) {
      c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
      c.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
      // One request in flight per connection: with transactions v2 a partition's first batch must land before
      // its next one, or the broker refuses the later one (a retriable out-of-order error, one backoff each).
      c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    }
    c.putAll(settings.extra());
    return c;
  }

  @Override
  public void close() {
    groups.close(settings.deliveryTimeout());
    single.close(Duration.ofSeconds(5));
    for (Committer c : committers) {
      for (Slot s : c.producers) {
        s.producer.close(Duration.ofSeconds(5));
      }
    }
  }
}
