package org.learnstream.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaTest {

  @Test
  void deliversOnlyCommittedTransactionsToReadCommittedConsumersAndKeepsDataAcrossRestart() throws Exception {
    Set<String> threadsBefore = threadNames();
    LocalKafka kafka = LocalKafka.start();
    int port = kafka.brokerPort();
    try {
      kafka.createTopics(Map.of("t", 2));

      try (var producer = new KafkaProducer<String, String>(producerProps(kafka, null))) {
        producer.send(new ProducerRecord<>("t", "k", "idempotent-1")).get();
      }
      try (var tx = new KafkaProducer<String, String>(producerProps(kafka, "tx-test"))) {
        tx.initTransactions();
        tx.beginTransaction();
        tx.send(new ProducerRecord<>("t", "k", "committed-1"));
        tx.send(new ProducerRecord<>("t", "other", "committed-2"));
        tx.commitTransaction();
        tx.beginTransaction();
        tx.send(new ProducerRecord<>("t", "k", "aborted-1")).get();
        tx.abortTransaction();
      }

      List<String> expected = List.of("committed-1", "committed-2", "idempotent-1");
      assertThat(readSorted(kafka, "read_committed", 3)).containsExactlyElementsOf(expected);
      assertThat(readSorted(kafka, "read_uncommitted", 4)).contains("aborted-1");

      kafka.restart();

      assertThat(kafka.brokerPort()).isEqualTo(port);
      assertThat(readSorted(kafka, "read_committed", 3)).containsExactlyElementsOf(expected);
    } finally {
      kafka.close();
    }

    Set<String> leftOver = threadNames().stream()
        .filter(name -> !threadsBefore.contains(name))
        .filter(name -> !isJvmWideMetricsThread(name))
        .collect(Collectors.toSet());
    assertThat(leftOver).as("threads started by the broker and still alive after close").isEmpty();
    assertThat(kafka.dataDir()).doesNotExist();
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void reopensAKeptDataDirectoryWithItsTopicsAndRecords(@TempDir Path dir) throws Exception {
    try (LocalKafka first = LocalKafka.start(dir)) {
      first.createTopics(Map.of("t", 2));
      try (var producer = new KafkaProducer<String, String>(producerProps(first, null))) {
        producer.send(new ProducerRecord<>("t", "k", "kept")).get();
      }
    }
    assertThat(dir.resolve("logs").resolve("meta.properties")).exists();

    try (LocalKafka second = LocalKafka.start(dir)) {
      assertThat(readSorted(second, "read_committed", 1)).containsExactly("kept");
    }
  }

  @Test
  void aPortTakenBetweenItsChoiceAndTheBrokersBindMakesItStartAgainOnOtherPorts() throws Exception {
    int[] free = FreePorts.find(1);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        LocalKafka kafka = LocalKafka.builder().firstPorts(taken.getLocalPort(), free[0]).start()) {
      assertThat(kafka.brokerPort()).isNotEqualTo(taken.getLocalPort());
      kafka.createTopics(Map.of("t", 1)); // a broker that answers on its new ports
    }
  }

  @Test
  void aKeptDataDirectoryComesBackOnItsPortsWhenTheyAreFreeAndOnOthersWhenNot(@TempDir Path dir) throws Exception {
    int broker;
    int controller;
    try (LocalKafka first = LocalKafka.start(dir)) {
      broker = first.brokerPort();
      controller = first.controllerPort();
    }
    try (LocalKafka second = LocalKafka.start(dir)) {
      assertThat(second.brokerPort()).isEqualTo(broker);
      assertThat(second.controllerPort()).isEqualTo(controller);
    }
    try (ServerSocket taken = new ServerSocket(broker, 1, InetAddress.getLoopbackAddress());
        LocalKafka third = LocalKafka.start(dir)) {
      assertThat(third.brokerPort()).isNotEqualTo(broker);
      third.createTopics(Map.of("t", 2)); // a broker that answers on its new ports
    }
  }

  @Test
  void aBrokerRestartedOnItsKeptDataHandsOutProducerIdsItHasNotHandedOutBefore(@TempDir Path dir) throws Exception {
    TopicPartition partition = new TopicPartition("t", 0);
    Set<Long> before;
    try (LocalKafka first = LocalKafka.start(dir)) {
      first.createTopics(Map.of("t", 1));
      sendOne(first, partition);
      before = producerIds(first, partition);
    }
    try (LocalKafka second = LocalKafka.start(dir)) {
      sendOne(second, partition);
      Set<Long> after = producerIds(second, partition);
      assertThat(after).hasSize(before.size() + 1).containsAll(before);
    }
  }

  private static void sendOne(LocalKafka kafka, TopicPartition partition) throws Exception {
    try (var producer = new KafkaProducer<String, String>(producerProps(kafka, null))) {
      producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), "k", "v")).get();
    }
  }

  private static Set<Long> producerIds(LocalKafka kafka, TopicPartition partition) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      return admin.describeProducers(List.of(partition)).partitionResult(partition).get().activeProducers().stream()
          .map(ProducerState::producerId).collect(Collectors.toSet());
    }
  }

  // Yammer metrics (used by the broker) starts two daemon tick threads once per JVM from a static field of
  // its Meter class; they are shared by every broker the JVM ever runs and do not grow with restarts.
  private static boolean isJvmWideMetricsThread(String name) {
    return name.startsWith("metrics-meter-tick-thread-");
  }

  private static Set<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toSet());
  }

  private static List<String> readSorted(LocalKafka kafka, String isolation, int atLeast) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<String> values = new ArrayList<>();
    try (var consumer = new KafkaConsumer<String, String>(props)) {
      List<TopicPartition> partitions = List.of(new TopicPartition("t", 0), new TopicPartition("t", 1));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      // Read up to the end offsets so that a record too many would be seen, not just the expected count.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (System.nanoTime() < deadline
          && (values.size() < atLeast || partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)))) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
    }
    values.sort(null);
    return values;
  }

  private static Properties producerProps(LocalKafka kafka, String transactionalId) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    if (transactionalId != null) {
      props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }
    return props;
  }
}
