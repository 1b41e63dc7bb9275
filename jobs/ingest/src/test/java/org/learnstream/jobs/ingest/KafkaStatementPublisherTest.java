package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.KafkaExtension;

class KafkaStatementPublisherTest {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  @Test
  void aCommitterWritesItsConsecutiveBatchesWithTwoProducersInTurnAndEveryStatementIsCommitted() throws Exception {
    String topic = KAFKA.uniqueTopic("xapi.statements", 3);
    String prefix = "publisher-test-" + UUID.randomUUID();
    KafkaPublisherSettings settings = new KafkaPublisherSettings(KAFKA.bootstrapServers(), topic, prefix, 1,
        Duration.ofSeconds(10), Duration.ofSeconds(20), Map.of());
    try (KafkaStatementPublisher publisher = new KafkaStatementPublisher(settings, new SimpleMeterRegistry());
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      for (int b = 0; b < 3; b++) {
        publisher.publish(batch(b));
      }
      Set<String> transactionalIds = admin.listTransactions().all().get().stream()
          .map(TransactionListing::transactionalId)
          .filter(id -> id.startsWith(prefix))
          .collect(Collectors.toSet());
      assertThat(transactionalIds).containsExactlyInAnyOrder(prefix + "-0", prefix + "-1");
      List<ConsumerRecord<byte[], byte[]>> committed = KAFKA.readAll(topic, 6, Duration.ofSeconds(30));
      assertThat(committed).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
          .containsExactlyInAnyOrder("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}", "{\"n\":5}");
    }
  }

  @Test
  void theSingleStatementProducerIsReplacedOnceAfterAFailureThatNeedsANewProducerAndTheNextStatementGoesThrough()
      throws Exception {
    String topic = KAFKA.uniqueTopic("xapi.statements", 3);
    try (KafkaStatementPublisher publisher = new KafkaStatementPublisher(settings(topic, "single-test-"),
        new SimpleMeterRegistry())) {
      publisher.publish(List.of(statement(0)));
      Producer<String, byte[]> first = publisher.singleProducer();

      publisher.replaceSingleAfter(first, new TimeoutException("Expiring 1 record(s)"));
      assertThat(publisher.singleProducer()).as("after a failure the same producer gets over").isSameAs(first);

      publisher.replaceSingleAfter(first, new OutOfOrderSequenceException("0 (incoming), 18 (current end)"));
      Producer<String, byte[]> second = publisher.singleProducer();
      publisher.replaceSingleAfter(first, new UnknownProducerIdException("a later record of the same producer"));
      assertThat(second).isNotSameAs(first);
      assertThat(publisher.singleProducer()).as("replaced once per failed producer").isSameAs(second);
      assertThatThrownBy(() -> first.send(new ProducerRecord<>(topic, new byte[0])))
          .as("the failed producer is closed").isInstanceOf(IllegalStateException.class);

      publisher.publish(List.of(statement(1)));
      assertThat(KAFKA.readAll(topic, 3, Duration.ofSeconds(5))).extracting(KafkaStatementPublisherTest::text)
          .containsExactlyInAnyOrder("{\"n\":0}", "{\"n\":1}");
    }
  }

  @Test
  void aCommitterWhoseProducerWasFencedAnswersUnavailableOnceAndCommitsTheNextBatchesWithANewProducer()
      throws Exception {
    String topic = KAFKA.uniqueTopic("xapi.statements", 3);
    String prefix = "fenced-test-" + UUID.randomUUID();
    try (KafkaStatementPublisher publisher = new KafkaStatementPublisher(settings(topic, prefix),
        new SimpleMeterRegistry())) {
      publisher.publish(batch(0)); // producer prefix-0
      publisher.publish(batch(1)); // producer prefix-1
      Properties props = KAFKA.producerProps();
      props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + "-0");
      try (var usurper = new KafkaProducer<byte[], byte[]>(props)) {
        usurper.initTransactions(); // fences the publisher's producer prefix-0
      }

      assertThatThrownBy(() -> publisher.publish(batch(2))).isInstanceOf(StatementPublisher.UnavailableException.class);
      publisher.publish(batch(3)); // producer prefix-1
      publisher.publish(batch(4)); // prefix-0 again: a new producer

      assertThat(KAFKA.readAll(topic, 9, Duration.ofSeconds(5))).extracting(KafkaStatementPublisherTest::text)
          .containsExactlyInAnyOrder("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":6}",
              "{\"n\":7}", "{\"n\":8}", "{\"n\":9}");
    }
  }

  private static KafkaPublisherSettings settings(String topic, String prefix) {
    return new KafkaPublisherSettings(KAFKA.bootstrapServers(), topic, prefix, 1, Duration.ofSeconds(10),
        Duration.ofSeconds(20), Map.of());
  }

  private static String text(ConsumerRecord<byte[], byte[]> record) {
    return new String(record.value(), StandardCharsets.UTF_8);
  }

  /** Two statements of two learners, so that a batch spans partitions. */
  private static List<PreparedStatement> batch(int b) {
    return List.of(statement(2 * b), statement(2 * b + 1));
  }

  private static PreparedStatement statement(int n) {
    return new PreparedStatement(UUID.randomUUID().toString(), "demo|account:lms|learner-" + n,
        ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8), null, false);
  }
}
