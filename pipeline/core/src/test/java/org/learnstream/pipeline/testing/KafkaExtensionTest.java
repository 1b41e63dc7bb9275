package org.learnstream.pipeline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaExtensionTest {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  @Test
  void givesEveryCallAFreshTopic() {
    String first = KAFKA.uniqueTopic("Same Base");
    String second = KAFKA.uniqueTopic("Same Base");

    assertThat(first).isNotEqualTo(second).startsWith("same-base-");
    assertThat(KAFKA.readAll(first, 0, Duration.ofSeconds(5))).isEmpty();
  }

  @Test
  void readsBackWhatWasProducedAcrossPartitionsAndOnlyCommittedTransactionsByDefault() throws Exception {
    String topic = KAFKA.uniqueTopic("read-all", 3);
    var txProps = KAFKA.producerProps();
    txProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-tx");
    try (var producer = new KafkaProducer<byte[], byte[]>(KAFKA.producerProps());
        var tx = new KafkaProducer<byte[], byte[]>(txProps)) {
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>(topic, bytes("k" + i), bytes("v" + i)));
      }
      producer.flush();
      tx.initTransactions();
      tx.beginTransaction();
      tx.send(new ProducerRecord<>(topic, bytes("k"), bytes("aborted"))).get();
      tx.abortTransaction();
    }

    List<String> committed = KAFKA.readAll(topic, 11, Duration.ofSeconds(3)).stream()
        .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    List<String> everything = KAFKA.readAll(topic, 11, Duration.ofSeconds(20), IsolationLevel.READ_UNCOMMITTED)
        .stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();

    assertThat(committed).hasSize(10).doesNotContain("aborted").contains("v0", "v9");
    assertThat(everything).hasSize(11).contains("aborted");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
