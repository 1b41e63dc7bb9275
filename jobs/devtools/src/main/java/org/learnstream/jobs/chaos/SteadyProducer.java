package org.learnstream.jobs.chaos;

import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.learnstream.pipeline.simulate.SimulatedStatement;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;

/**
 * Sends statements to Kafka at a steady pace on its own thread, as an LRS would (acks=all, idempotent, retrying
 * through a broker restart), counting those Kafka acknowledged. {@link #sendFlush} then sends the flush statements
 * to every partition: their later event time moves the watermark past every real statement, so a live job emits all.
 */
final class SteadyProducer implements StatementStream, AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private Thread thread;

  SteadyProducer(String bootstrap, String topic) {
    this.topic = topic;
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000"); // ride out a broker restart, never give up early
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "600000");
    producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** Starts sending {@code statements} at {@code perSecond}. */
  void start(Iterator<Keyed> statements, int perSecond) {
    thread = new Thread(() -> send(statements, perSecond), "chaos-producer");
    thread.setDaemon(true);
    thread.start();
  }

  private void send(Iterator<Keyed> statements, int perSecond) {
    long t0 = System.nanoTime();
    long sent = 0;
    try {
      while (statements.hasNext()) {
        Keyed s = statements.next();
        producer.send(new ProducerRecord<>(topic, s.key(), s.json()), (metadata, e) -> {
          if (e == null) {
            acknowledged.incrementAndGet();
          } else {
            failure.compareAndSet(null, e);
          }
        });
        sent++;
        long due = t0 + sent * 1_000_000_000L / perSecond;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // pacing, not synchronisation
        }
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  /** Statements Kafka has acknowledged so far. */
  @Override
  public long acknowledged() {
    return acknowledged.get();
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
    for (SimulatedStatement s : flush) {
      for (int p = 0; p < partitions; p++) {
        producer.send(new ProducerRecord<>(topic, p, s.actorKey(), s.json()));
      }
    }
    producer.flush();
  }

  @Override
  public void close() {
    if (thread != null) {
      thread.interrupt();
    }
    producer.close();
  }
}
