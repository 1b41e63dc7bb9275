package org.learnstream.jobs.chaos;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.learnstream.pipeline.kafka.ProducerFailures;
import org.learnstream.pipeline.simulate.SimulatedStatement;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;

/**
 * Sends statements to Kafka at a steady pace on its own thread, as an LRS would (acks=all, idempotent, retrying
 * through a broker restart), counting those Kafka acknowledged. {@link #sendFlush} then sends the flush statements
 * to every partition: their later event time moves the watermark past every real statement, so a live job emits all.
 *
 * <p>A statement whose delivery fails in a way that a new producer gets over (its batch expired, or the broker
 * refused the producer's sequence, id or epoch) is sent again through a new producer, until {@link #GIVE_UP_AFTER}
 * from its first send. The broker can refuse a batch forever: Kafka before 4.5 (KAFKA-15591) takes a producer's
 * first batch to a partition at any sequence, so when the batch with sequence 0 meets a partition not led yet and
 * the next one lands, every retry of the first is out of order until it expires. Each statement is counted once,
 * when Kafka acknowledges it; one that was written but whose answer was lost may be written twice, which the
 * pipeline's deduplication by statement id absorbs.
 */
final class SteadyProducer implements StatementStream, AutoCloseable {

  private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);
  // The client retries an idempotent producer's out-of-order batch until it expires (the error never reaches the
  // callback), so this is how long a batch that the broker refuses forever waits before it is sent again.
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);

  private final String bootstrap;
  private final String topic;
  private final Duration deliveryTimeout;
  private volatile KafkaProducer<String, byte[]> producer;
  private final Queue<Unsent> refused = new ConcurrentLinkedQueue<>();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong refusals = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private Thread thread;

  /** A record to (re)send; only statements of the cohort are counted, not the harness's flush statements. */
  private record Unsent(ProducerRecord<String, byte[]> record, boolean counted, long firstSentNanos) {
  }

  SteadyProducer(String bootstrap, String topic) {
    this(bootstrap, topic, DELIVERY_TIMEOUT);
  }

  SteadyProducer(String bootstrap, String topic, Duration deliveryTimeout) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.deliveryTimeout = deliveryTimeout;
    this.producer = newProducer();
  }

  private KafkaProducer<String, byte[]> newProducer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(deliveryTimeout.toMillis()));
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(deliveryTimeout.toMillis() / 2));
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(GIVE_UP_AFTER.toMillis()));
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** Starts sending {@code statements} at {@code perSecond}. */
  void start(Iterator<Keyed> statements, int perSecond) {
    thread = new Thread(() -> send(statements, perSecond), "chaos-producer");
    thread.setDaemon(true);
    thread.start();
  }

  private void send(Iterator<Keyed> statements, int perSecond) {
    try {
      awaitPartitionsLed();
      long t0 = System.nanoTime();
      long sent = 0;
      while (statements.hasNext()) {
        resendRefused();
        Keyed s = statements.next();
        send(new Unsent(new ProducerRecord<>(topic, s.key(), s.json()), true, System.nanoTime()));
        sent++;
        long due = t0 + sent * 1_000_000_000L / perSecond;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // pacing, not synchronisation
        }
      }
      drain();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | ExecutionException e) {
      failure.compareAndSet(null, e);
    }
  }

  /**
   * Until every partition has a leader that answers: a topic just created is listed before its partitions take
   * records, and a first batch refused then is what leaves a partition refusing the producer (see above).
   */
  private void awaitPartitionsLed() throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) GIVE_UP_AFTER.toMillis()))) {
      int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
      Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, partitions)
          .mapToObj(p -> new TopicPartition(topic, p))
          .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
      admin.listOffsets(latest).all().get(); // the admin client retries while a partition has no leader
    }
  }

  private void send(Unsent unsent) {
    KafkaProducer<String, byte[]> through = producer;
    try {
      through.send(unsent.record(), (metadata, e) -> {
        if (e == null) {
          if (unsent.counted()) {
            acknowledged.incrementAndGet();
          }
        } else {
          refusedOrFailed(unsent, through, e);
        }
      });
    } catch (RuntimeException e) {
      refusedOrFailed(unsent, through, e);
    }
  }

  private void refusedOrFailed(Unsent unsent, KafkaProducer<String, byte[]> through, Exception e) {
    boolean resend = through != producer // its producer was closed to be replaced
        || e instanceof TimeoutException // expired: perhaps behind a batch the broker will never take
        || ProducerFailures.needANewProducer(e);
    if (resend && System.nanoTime() - unsent.firstSentNanos() < GIVE_UP_AFTER.toNanos()) {
      refusals.incrementAndGet();
      refused.add(unsent);
    } else {
      failure.compareAndSet(null, e);
    }
  }

  /** Replaces the producer and sends again what was refused; on the sending thread only. */
  private void resendRefused() {
    if (refused.isEmpty()) {
      return;
    }
    KafkaProducer<String, byte[]> old = producer;
    producer = newProducer();
    // fails what the old producer still holds (back into refused, as sent through a replaced producer) and waits
    // for its callbacks, so that nothing is sent twice by the two producers at once
    old.close(Duration.ZERO);
    for (Unsent unsent = refused.poll(); unsent != null; unsent = refused.poll()) {
      send(unsent);
    }
  }

  /** Until every record sent is acknowledged or failed for good. */
  private void drain() {
    producer.flush();
    while (!refused.isEmpty()) {
      resendRefused();
      producer.flush();
    }
  }

  /** Statements Kafka has acknowledged so far. */
  @Override
  public long acknowledged() {
    return acknowledged.get();
  }

  /** Deliveries that failed in a way that sends the record again, through a new producer. */
  long refusals() {
    return refusals.get();
  }

  /** Waits until every statement is acknowledged; returns their count. */
  @Override
  public long awaitAllAcknowledged() throws InterruptedException {
    thread.join();
    if (failure.get() != null) {
      throw new IllegalStateException("Kafka refused a statement: " + failure.get(), failure.get());
    }
    return acknowledged.get();
  }

  /**
   * Sends the flush statements to every partition, after everything else: the source's watermark is the least of
   * its partitions', so it passes the cohort's end only when every partition has been read up to its flush.
   */
  void sendFlush(List<SimulatedStatement> flush) {
    int partitions = producer.partitionsFor(topic).size();
    long now = System.nanoTime();
    for (SimulatedStatement s : flush) {
      for (int p = 0; p < partitions; p++) {
        send(new Unsent(new ProducerRecord<>(topic, p, s.actorKey(), s.json()), false, now));
      }
    }
    drain();
  }

  @Override
  public void close() {
    if (thread != null) {
      thread.interrupt();
    }
    producer.close();
  }
}
