package org.learnstream.jobs.replay;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** How many offsets a topic spans now, summed over its partitions (transaction markers included, so an upper bound). */
final class EventLogSize {

  private EventLogSize() {}

  static long records(String bootstrap, String topic) throws InterruptedException, ExecutionException {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
          .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      return offsets(admin, partitions, OffsetSpec.latest()) - offsets(admin, partitions, OffsetSpec.earliest());
    }
  }

  private static long offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, ListOffsetsResultInfo> result = admin.listOffsets(
        partitions.stream().collect(Collectors.toMap(p -> p, p -> spec))).all().get();
    return result.values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
  }
}
