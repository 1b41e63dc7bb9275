package org.learnstream.jobs.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Commits a consumer group's offsets at the start of a topic. ClickHouse 18.16's Kafka table engine
 * has no offset-reset setting and librdkafka defaults to the latest offset, so without committed
 * offsets it would skip everything written before the table existed.
 */
final class ConsumerGroupStart {

  private ConsumerGroupStart() {
  }

  static void atEarliest(String bootstrapServers, String group, String topic)
      throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions()
          .forEach(p -> earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest()));
      Map<TopicPartition, ListOffsetsResultInfo> offsets = admin.listOffsets(earliest).all().get();
      Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
      offsets.forEach((tp, info) -> commit.put(tp, new OffsetAndMetadata(info.offset())));
      admin.alterConsumerGroupOffsets(group, commit).all().get();
    }
  }
}
