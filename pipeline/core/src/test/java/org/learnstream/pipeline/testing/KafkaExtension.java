package org.learnstream.pipeline.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.learnstream.pipeline.local.LocalKafka;

/**
 * One Kafka broker for the whole test JVM, shared by every test class that registers this extension
 * ({@code @RegisterExtension static final KafkaExtension kafka = new KafkaExtension();}).
 *
 * <p>The broker is an in-process {@link LocalKafka}, stopped when the JVM's tests are done, unless the
 * environment variable or system property {@value #BOOTSTRAP_VARIABLE} names a broker to use instead.
 * Tests isolate themselves with {@link #uniqueTopic(String)}, never with fixed topic names.
 */
public final class KafkaExtension implements BeforeAllCallback, BeforeEachCallback {

  public static final String BOOTSTRAP_VARIABLE = "LEARNSTREAM_KAFKA_BOOTSTRAP";

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaExtension.class);
  private static final AtomicInteger TOPIC_COUNTER = new AtomicInteger();
  // Topics outlive a run on an external broker, so names also carry a per-JVM random part.
  private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 6);

  private SharedBroker broker;

  @Override
  public void beforeAll(ExtensionContext context) {
    attach(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    attach(context);
  }

  private void attach(ExtensionContext context) {
    if (broker == null) {
      broker = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(SharedBroker.class);
    }
  }

  public String bootstrapServers() {
    return broker().bootstrapServers;
  }

  /** The in-process broker, e.g. to {@link LocalKafka#restart()} it; absent when an external one is used. */
  public java.util.Optional<LocalKafka> localKafka() {
    return java.util.Optional.ofNullable(broker().local);
  }

  /** Creates a topic with one partition and a name no other test uses, and returns the name. */
  public String uniqueTopic(String base) {
    return uniqueTopic(base, 1);
  }

  public String uniqueTopic(String base, int partitions) {
    String name = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-")
        + "-" + RUN_ID + "-" + TOPIC_COUNTER.incrementAndGet();
    createTopic(name, partitions, Map.of());
    return name;
  }

  public void createTopic(String name, int partitions, Map<String, String> configs) {
    try {
      broker().admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
          .all().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Could not create topic " + name + " on " + bootstrapServers(), e);
    }
  }

  /** Byte-array producer settings with acks=all and idempotence; add a transactional id as needed. */
  public Properties producerProps() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }

  /** Byte-array consumer settings: a fresh group, from the earliest offset, read_committed, no auto commit. */
  public Properties consumerProps() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }

  /** {@link #readAll(String, int, Duration, IsolationLevel)} with read_committed. */
  public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expectedCount, Duration timeout) {
    return readAll(topic, expectedCount, timeout, IsolationLevel.READ_COMMITTED);
  }

  /**
   * Reads {@code topic} from the beginning of every partition until {@code expectedCount} records arrived
   * or {@code timeout} passed, and returns what was read (fewer records on timeout, so the caller's
   * assertion shows what is missing).
   */
  public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expectedCount, Duration timeout,
      IsolationLevel isolation) {
    Properties props = consumerProps();
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.name().toLowerCase(Locale.ROOT));
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      if (partitions.isEmpty()) {
        throw new IllegalStateException("Topic " + topic + " does not exist on " + bootstrapServers());
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (records.size() < expectedCount && System.nanoTime() < deadline) {
        long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        consumer.poll(Duration.ofMillis(Math.min(200, leftMs))).forEach(records::add);
      }
    }
    return records;
  }

  private SharedBroker broker() {
    if (broker == null) {
      throw new IllegalStateException("KafkaExtension is not attached yet: register it with @RegisterExtension "
          + "on a static field and use it from test or lifecycle methods");
    }
    return broker;
  }

  /** Lives in the root store, so JUnit closes it once after the last test of the JVM. */
  static final class SharedBroker implements ExtensionContext.Store.CloseableResource {
    final LocalKafka local;
    final String bootstrapServers;
    final Admin admin;

    SharedBroker() {
      String external = System.getProperty(BOOTSTRAP_VARIABLE, System.getenv(BOOTSTRAP_VARIABLE));
      if (external != null && !external.isBlank()) {
        local = null;
        bootstrapServers = external.trim();
      } else {
        local = LocalKafka.start();
        bootstrapServers = local.bootstrapServers();
      }
      Properties props = new Properties();
      props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      admin = Admin.create(props);
    }

    @Override
    public void close() {
      admin.close(Duration.ofSeconds(10));
      if (local != null) {
        local.close();
      }
    }
  }
}
