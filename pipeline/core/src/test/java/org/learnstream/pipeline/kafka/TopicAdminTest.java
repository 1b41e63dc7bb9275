package org.learnstream.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.KafkaExtension;

class TopicAdminTest {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  @Test
  void createsTheMissingTopicsWithTheirLayoutLedAndLeavesExistingOnesAlone() throws Exception {
    String prefix = "ta-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    List<TopicSpec> specs = Topics.defaults(3).stream()
        .map(s -> new TopicSpec(prefix + s.name(), s.partitions(), s.compacted(), s.retention())).toList();

    List<String> first = TopicAdmin.ensure(KAFKA.bootstrapServers(), specs);
    List<String> second = TopicAdmin.ensure(KAFKA.bootstrapServers(), specs);

    assertThat(first).hasSize(9);
    assertThat(second).isEmpty();
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      // a producer may write as soon as ensure returns: no partition of a created topic is without a leader
      assertThat(admin.describeTopics(first).allTopicNames().get().values()).allSatisfy(
          t -> assertThat(t.partitions()).allSatisfy(p -> assertThat(p.leader()).as(t.name()).isNotNull()));
      Map<String, TopicDescription> topics = admin.describeTopics(List.of(
          prefix + Topics.LEARNING_EVENTS, prefix + Topics.ALERT_SUBSCRIPTIONS)).allTopicNames().get();
      assertThat(topics.get(prefix + Topics.LEARNING_EVENTS).partitions()).hasSize(3);
      assertThat(topics.get(prefix + Topics.ALERT_SUBSCRIPTIONS).partitions()).hasSize(1);
      var resource = new ConfigResource(ConfigResource.Type.TOPIC, prefix + Topics.ALERT_SUBSCRIPTIONS);
      var log = new ConfigResource(ConfigResource.Type.TOPIC, prefix + Topics.LEARNING_EVENTS);
      var configs = admin.describeConfigs(List.of(resource, log)).all().get();
      assertThat(configs.get(resource).get("cleanup.policy").value()).isEqualTo("compact");
      assertThat(configs.get(log).get("cleanup.policy").value()).isEqualTo("delete");
      assertThat(configs.get(log).get("retention.ms").value()).isEqualTo("-1");
      var deadLetters = new ConfigResource(ConfigResource.Type.TOPIC, prefix + Topics.DEAD_LETTERS);
      assertThat(admin.describeConfigs(List.of(deadLetters)).all().get().get(deadLetters).get("max.message.bytes")
          .value()).as("a dead letter of a refused 1 MiB record fits").isEqualTo(String.valueOf(2 * 1024 * 1024));
    }
  }

  @Test
  void raisesTheRecordSizeOfAnExistingTopicThatTakesLessAndKeepsALargerOne() throws Exception {
    String prefix = "tm-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    String older = prefix + Topics.DEAD_LETTERS;
    String larger = prefix + Topics.LEARNING_EVENTS;
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(List.of(
          new NewTopic(older, 1, (short) 1).configs(Map.of("max.message.bytes", "1048588")),
          new NewTopic(larger, 1, (short) 1).configs(Map.of("max.message.bytes", "4194304")))).all().get();

      List<String> created = TopicAdmin.ensure(KAFKA.bootstrapServers(),
          List.of(TopicSpec.of(older, 1), TopicSpec.of(larger, 1)));

      assertThat(created).isEmpty();
      assertThat(maxMessageBytes(admin, older)).as("raised").isEqualTo(String.valueOf(TopicSpec.MAX_MESSAGE_BYTES));
      assertThat(maxMessageBytes(admin, larger)).as("kept").isEqualTo("4194304");
    }
  }

  private static String maxMessageBytes(Admin admin, String topic) throws Exception {
    var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(List.of(resource)).all().get().get(resource).get("max.message.bytes").value();
  }

  @Test
  void namesTheBootstrapAddressWhenNoBrokerAnswers() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String nowhere = "127.0.0.1:" + port;

    assertThatThrownBy(() -> TopicAdmin.ensure(nowhere, Topics.defaults(1), Duration.ofSeconds(2)))
        .isInstanceOf(KafkaUnavailableException.class)
        .hasMessageContaining(nowhere).hasMessageContaining("2 s");
  }

  @Test
  void refusesATopicLayoutWithoutPartitions() {
    assertThatThrownBy(() -> TopicSpec.of("x", 0)).hasMessageContaining("partitions must be at least 1");
    assertThatThrownBy(() -> Topics.defaults(0)).hasMessageContaining("partitions must be at least 1");
  }
}
