package org.learnstream.jobs.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.pipeline.local.LocalKafka;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;

class SteadyProducerTest {

  private static final String TOPIC = "xapi.statements";

  @Test
  void statementsWhoseDeliveryExpiredWhileTheBrokerWasDownAreSentAgainThroughANewProducerAndCountedOnce(
      @TempDir Path dir) throws Exception {
    int statements = 200;
    LocalKafka kafka = LocalKafka.start(dir);
    String bootstrap = kafka.bootstrapServers();
    kafka.createTopics(Map.of(TOPIC, 2));
    try (SteadyProducer producer = new SteadyProducer(bootstrap, TOPIC, Duration.ofSeconds(2))) {
      producer.start(IntStream.range(0, statements).mapToObj(SteadyProducerTest::statement).iterator(), 50);
      await(() -> producer.acknowledged() > 0);
      kafka.close(); // keeps its data and ports
      await(() -> producer.refusals() > 0); // a delivery expired while the broker was down
      kafka = LocalKafka.start(dir);
      assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);

      assertThat(producer.awaitAllAcknowledged()).isEqualTo(statements);
      assertThat(distinctValues(kafka)).hasSize(statements);
    } finally {
      kafka.close();
    }
  }

  private static Keyed statement(int n) {
    return new Keyed("learner-" + n % 7, ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 60 s for the condition").isLessThan(deadline);
      Thread.sleep(20); // poll interval
    }
  }

  /** Every record's value, read up to the end offsets (a value written twice counts once). */
  private static Set<String> distinctValues(LocalKafka kafka) {
    Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Set<String> values = new HashSet<>();
    try (var consumer = new KafkaConsumer<byte[], byte[]>(props)) {
      List<TopicPartition> partitions = new ArrayList<>(List.of(new TopicPartition(TOPIC, 0),
          new TopicPartition(TOPIC, 1)));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
      }
    }
    return values;
  }
}
