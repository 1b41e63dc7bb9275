package org.learnstream.pipeline.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Deletes from a topic, on each partition, the records nothing needs from it any more, so that text written there in
 * the clear does not stay readable until retention once an erasure has removed it everywhere else. Kafka cannot
 * delete one record, only every record before an offset, so every student's settled records go, not only the erased
 * one's. Two kinds of topic are settled this way:
 *
 * <ul>
 *   <li>{@linkplain #readBy a topic with one reader}: the records before the offset its consumer group has committed.
 *       For the pipeline's input ({@code xapi.statements}, read by the job's group, which commits with each completed
 *       checkpoint) those are the statements whose events are in the event log, sealed under their learners' records:
 *       the job resumes from a checkpoint at or past its committed offsets and never needs them again. What the
 *       reader has not read yet stays (the job drops an erased learner's statements as it reads them), as does every
 *       record when the group has committed nothing.
 *   <li>{@linkplain #copiedTo a topic whose records are kept elsewhere as well}: every record of a committed
 *       transaction that every consumer group reading the topic has read. The job writes each dead letter to
 *       {@code dead.letters} and to the {@code dead_letters} table within one checkpoint, and commits the topic's
 *       transaction only once the checkpoint, and with it the table's write, is complete; the table is where dead
 *       letters are read, searched by erase and kept for their retention. Records of a transaction still open stay,
 *       and so do those a group that has committed offsets on the topic (an operator's alerting consumer, say) has
 *       not read yet: a group that stopped reading holds them until retention.
 * </ul>
 */
public final class SettledRecordsDeletion {

  private static final long TIMEOUT_SECONDS = 60;

  /**
   * What a deletion did to the topic.
   *
   * @param deleted offsets deleted over every partition (transaction markers included)
   * @param kept offsets after the deleted ones (transaction markers included), which stay
   */
  public record Result(String topic, long deleted, long kept) {
  }

  private final String bootstrap;
  private final String topic;
  // the consumer group whose committed offsets bound the deletion; null: the last stable offsets do
  private final String group;
  private final String copiedTo;

  private SettledRecordsDeletion(String bootstrap, String topic, String group, String copiedTo) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.group = group;
    this.copiedTo = copiedTo;
  }

  /** The records of {@code topic} on the Kafka at {@code bootstrap} that its one reader, {@code group}, has read. */
  public static SettledRecordsDeletion readBy(String bootstrap, String topic, String group) {
    return new SettledRecordsDeletion(bootstrap, topic, group, null);
  }

  /**
   * The committed records of {@code topic} on the Kafka at {@code bootstrap}, each of which is also in
   * {@code copiedTo} (named in what {@link #describe} says).
   */
  public static SettledRecordsDeletion copiedTo(String bootstrap, String topic, String copiedTo) {
    return new SettledRecordsDeletion(bootstrap, topic, null, copiedTo);
  }

  public String topic() {
    return topic;
  }

  /** One line for a receipt's job state, or an answer, on what {@code result} of this deletion did. */
  public String describe(Result result) {
    if (group != null) {
      return topic + ": " + result.deleted() + " records the job had read deleted, " + result.kept()
          + " offsets past them kept (records the job has not read yet, which it drops if they are an erased "
          + "learner's, or the marker of the last transaction)";
    }
    return topic + ": " + result.deleted() + " committed records deleted (each is kept in " + copiedTo + ", where "
        + "the learner's were deleted), " + result.kept() + " offsets past them kept (a transaction still open, or "
        + "records a consumer group of the topic has not read yet)";
  }

  /** Deletes the settled records; a topic that does not exist deletes nothing. */
  public Result delete() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      if (!admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).contains(topic)) {
        return new Result(topic, 0, 0);
      }
      int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .get(topic).partitions().size();
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        earliest.put(new TopicPartition(topic, p), OffsetSpec.earliest());
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      var starts = admin.listOffsets(earliest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      var ends = admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Map<TopicPartition, Long> settled = settled(admin, latest);
      Map<TopicPartition, RecordsToDelete> toDelete = new HashMap<>();
      long deleted = 0;
      long kept = 0;
      for (TopicPartition tp : earliest.keySet()) {
        long start = starts.get(tp).offset();
        long end = ends.get(tp).offset();
        Long settledTo = settled.get(tp);
        long before = settledTo == null ? start : Math.min(Math.max(settledTo, start), end);
        if (before > start) {
          toDelete.put(tp, RecordsToDelete.beforeOffset(before));
          deleted += before - start;
        }
        kept += end - before;
      }
      if (!toDelete.isEmpty()) {
        admin.deleteRecords(toDelete).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
      return new Result(topic, deleted, kept);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not delete the settled records of " + topic + " on Kafka at "
          + bootstrap + (group != null ? " (read by consumer group " + group + ")" : "") + ": "
          + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while deleting the settled records of " + topic, e);
    }
  }

  // per partition, the offset before which records are settled; a partition missing settles nothing
  private Map<TopicPartition, Long> settled(Admin admin, Map<TopicPartition, OffsetSpec> latest)
      throws ExecutionException, TimeoutException, InterruptedException {
    Map<TopicPartition, Long> settled = new HashMap<>();
    if (group != null) {
      Map<TopicPartition, OffsetAndMetadata> read = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      read.forEach((tp, committed) -> {
        if (committed != null) {
          settled.put(tp, committed.offset());
        }
      });
      return settled;
    }
    // read_committed's latest offset is the last stable one: before it, every transaction is committed or aborted
    admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach((tp, info) -> settled.put(tp, info.offset()));
    // what every consumer group has committed on the topic's partitions, asked in one request
    Map<String, ListConsumerGroupOffsetsSpec> readers = new HashMap<>();
    ListConsumerGroupOffsetsSpec partitions = new ListConsumerGroupOffsetsSpec().topicPartitions(latest.keySet());
    for (GroupListing reader : admin.listGroups(ListGroupsOptions.forConsumerGroups()).all()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      readers.put(reader.groupId(), partitions);
    }
    if (!readers.isEmpty()) {
      admin.listConsumerGroupOffsets(readers).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).values()
          .forEach(read -> read.forEach((tp, committed) -> {
            if (committed != null && settled.containsKey(tp)) {
              settled.merge(tp, committed.offset(), Math::min);
            }
          }));
    }
    return settled;
  }
}
