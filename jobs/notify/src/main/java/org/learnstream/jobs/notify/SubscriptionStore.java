package org.learnstream.jobs.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.learnstream.pipeline.kafka.AvroCodec;
import org.learnstream.schemas.Subscription;

/**
 * Subscriptions as events on the compacted {@code alert.subscriptions} topic, keyed by subscription id: the latest
 * record per id is the subscription; removing writes {@code deleted = true} and then a tombstone.
 */
public final class SubscriptionStore {

  private static final AvroCodec<Subscription> CODEC = AvroCodec.of(Subscription.class);

  private final String bootstrap;
  private final String topic;

  public SubscriptionStore(String bootstrap, String topic) {
    this.bootstrap = bootstrap;
    this.topic = topic;
  }

  public void put(Subscription s) {
    send(s.getSubscriptionId(), CODEC.encode(s));
  }

  public void remove(Subscription current) {
    Subscription deleted = Subscription.newBuilder(current).setDeleted(true)
        .setUpdatedAt(java.time.Instant.now()).build();
    send(current.getSubscriptionId(), CODEC.encode(deleted));
    send(current.getSubscriptionId(), null);
  }

  /** The current subscriptions: every record from the beginning to the end offsets at the time of the call. */
  public Map<String, Subscription> readAll() {
    Map<String, Subscription> out = new LinkedHashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          apply(out, r);
        }
      }
    }
    return out;
  }

  static void apply(Map<String, Subscription> into, ConsumerRecord<String, byte[]> r) {
    Subscription s = r.value() == null ? null : CODEC.decode(r.value());
    if (s == null || s.getDeleted()) {
      into.remove(r.key());
    } else {
      into.put(r.key(), s);
    }
  }

  static Subscription decode(byte[] bytes) {
    return bytes == null ? null : CODEC.decode(bytes);
  }

  static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("enable.auto.commit", "false");
    p.put("isolation.level", "read_committed");
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private void send(String key, byte[] value) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("acks", "all");
    p.put("enable.idempotence", "true");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing subscription " + key, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not write subscription " + key + " to topic " + topic + ": "
          + e.getCause().getMessage(), e.getCause());
    }
  }
}
