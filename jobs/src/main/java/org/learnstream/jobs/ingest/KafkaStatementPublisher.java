package org.learnstream.jobs.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes statements with acks=all and idempotence. A single statement is one record, atomic by
 * itself, and goes through one shared idempotent producer (which batches across requests). A batch
 * goes in one transaction on a pooled transactional producer, so read_committed readers see all of it
 * or none; any failure aborts the transaction, and a producer that cannot abort is replaced (its
 * successor with the same transactional id fences and aborts what was left open).
 */
public final class KafkaStatementPublisher implements StatementPublisher {

  private final KafkaPublisherSettings settings;
  private final Producer<String, byte[]> single;
  private final BlockingQueue<Slot> pool;
  private final Timer sendTimer;

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

  public KafkaStatementPublisher(KafkaPublisherSettings settings, MeterRegistry registry) {
    this.settings = settings;
    this.single = new KafkaProducer<>(config(null));
    this.pool = new ArrayBlockingQueue<>(settings.transactionalProducers());
    for (int i = 0; i < settings.transactionalProducers(); i++) {
      pool.add(new Slot(i));
    }
    this.sendTimer = Timer.builder("learnstream.ingest.kafka.send")
        .description("Time to write one request's statements to Kafka (acks=all)")
        .publishPercentileHistogram()
        .register(registry);
  }

  @Override
  public void publish(List<PreparedStatement> statements) throws UnavailableException {
    if (statements.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    try {
      if (statements.size() == 1) {
        publishOne(statements.get(0));
      } else {
        publishInTransaction(statements);
      }
    } finally {
      sendTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  private void publishOne(PreparedStatement statement) throws UnavailableException {
    try {
      single.send(record(statement)).get(settings.deliveryTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(e);
    } catch (ExecutionException e) {
      throw unavailable(e.getCause());
    } catch (TimeoutException | RuntimeException e) {
      throw unavailable(e);
    }
  }

  private void publishInTransaction(List<PreparedStatement> statements) throws UnavailableException {
    Slot slot;
    try {
      slot = pool.poll(settings.maxBlock().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(e);
    }
    if (slot == null) {
      throw new UnavailableException("all " + settings.transactionalProducers()
          + " Kafka transactions are busy; retry shortly", null);
    }
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
      for (Future<RecordMetadata> f : sent) {
        f.get(); // already complete after a successful commit; surfaces any per-record error
      }
    } catch (Exception e) {
      abortOrReplace(slot);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw unavailable(e instanceof ExecutionException ? e.getCause() : e);
    } finally {
      pool.add(slot);
    }
  }

  private void abortOrReplace(Slot slot) {
    try {
      if (slot.initialised) {
        slot.producer.abortTransaction();
        return;
      }
    } catch (RuntimeException abortFailed) {
      // fall through: a fresh producer with the same transactional id fences the open transaction
    }
    slot.replace();
  }

  private ProducerRecord<String, byte[]> record(PreparedStatement s) {
    return new ProducerRecord<>(settings.topic(), s.key(), s.json());
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
    c.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId == null ? settings.transactionalIdPrefix() + "-single"
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
    single.close(Duration.ofSeconds(5));
    List<Slot> slots = new ArrayList<>();
    pool.drainTo(slots);
    for (Slot s : slots) {
      s.producer.close(Duration.ofSeconds(5));
    }
  }
}
