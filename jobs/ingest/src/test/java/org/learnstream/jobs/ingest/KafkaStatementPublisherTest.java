package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

  /** Two statements of two learners, so that a batch spans partitions. */
  private static List<PreparedStatement> batch(int b) {
    List<PreparedStatement> statements = new ArrayList<>();
    for (int n = 2 * b; n < 2 * b + 2; n++) {
      statements.add(new PreparedStatement(UUID.randomUUID().toString(), "demo|account:lms|learner-" + n,
          ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8), null, false));
    }
    return statements;
  }
}
