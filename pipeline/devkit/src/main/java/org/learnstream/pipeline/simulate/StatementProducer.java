package org.learnstream.pipeline.simulate;

import java.util.Iterator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.learnstream.pipeline.kafka.Topics;

/** Writes raw statements to {@code xapi.statements} (or the topic given) as an LRS would: acks=all, idempotent, key tenant|actor. */
public final class StatementProducer implements AutoCloseable {

  /** One statement to send: its Kafka key ("tenant|actor") and its JSON bytes. */
  public record Keyed(String key, byte[] json) {
  }

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  public StatementProducer(String bootstrap) {
    this(bootstrap, Topics.XAPI_STATEMENTS);
  }

  public StatementProducer(String bootstrap, String topic) {
    this.topic = topic;
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    // One request in flight: a burst into a just-created topic had its first batch retried after later ones landed,
    // which the broker refuses as out of order, and the send then timed out after 120 s.
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** Sends all, reporting the running count every 1,000 statements; returns the count once all are acknowledged. */
  public long sendAll(Iterator<Keyed> statements, LongConsumer progress) {
    return sendRecords(new Iterator<>() {
      @Override
      public boolean hasNext() {
        return statements.hasNext();
      }

      @Override
      public ProducerRecord<String, byte[]> next() {
        Keyed s = statements.next();
        return new ProducerRecord<>(topic, s.key(), s.json());
      }
    }, progress);
  }

  /**
   * Sends records of this producer's topic as they are (with their headers, as the endpoint writes sealed
   * statements); returns the count once all are acknowledged.
   */
  public long sendRecords(Iterator<ProducerRecord<String, byte[]>> records, LongConsumer progress) {
    long sent = 0;
    while (records.hasNext()) {
      producer.send(records.next(), (metadata, e) -> {
        if (e != null) {
          failure.compareAndSet(null, e);
        }
      });
      if (++sent % 1000 == 0) {
        throwIfFailed();
        progress.accept(sent);
      }
    }
    producer.flush();
    throwIfFailed();
    progress.accept(sent);
    return sent;
  }

  /** The topic this producer writes to. */
  public String topic() {
    return topic;
  }

  private void throwIfFailed() {
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("Kafka rejected a statement: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
