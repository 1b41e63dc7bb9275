package org.learnstream.jobs.replay;

import java.util.Comparator;
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

/** The offsets a topic's partitions span now: from the earliest one still kept to the end. */
record EventLogSpan(String topic, List<Partition> partitions) {

  /** Offsets {@code earliest} (inclusive) to {@code end} (exclusive) of one partition. */
  record Partition(int partition, long earliest, long end) {

    boolean startsAtZero() {
      return earliest == 0;
    }

    @Override
    public String toString() {
      return "partition " + partition + " offsets " + earliest + ".." + end;
    }
  }

  static EventLogSpan of(String bootstrap, String topic) throws InterruptedException, ExecutionException {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
          .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      Map<TopicPartition, Long> earliest = offsets(admin, partitions, OffsetSpec.earliest());
      Map<TopicPartition, Long> end = offsets(admin, partitions, OffsetSpec.latest());
      return new EventLogSpan(topic, partitions.stream()
          .map(p -> new Partition(p.partition(), earliest.get(p), end.get(p)))
          .sorted(Comparator.comparingInt(Partition::partition)).toList());
    }
  }

  /** Offsets spanned, summed over the partitions (transaction markers included, so an upper bound of records). */
  long offsets() {
    return partitions.stream().mapToLong(p -> p.end() - p.earliest()).sum();
  }

  boolean isEmpty() {
    return offsets() == 0;
  }

  /** Partitions whose first records are gone (retention, deleted records): a replay would miss them. */
  List<Partition> truncated() {
    return partitions.stream().filter(p -> !p.startsAtZero()).toList();
  }

  private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, ListOffsetsResultInfo> result = admin.listOffsets(
        partitions.stream().collect(Collectors.toMap(p -> p, p -> spec))).all().get();
    return result.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }
}
