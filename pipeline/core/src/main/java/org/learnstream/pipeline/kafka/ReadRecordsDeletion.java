package org.learnstream.pipeline.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Deletes from a topic the records its one reader has read: on each partition, every record before the offset the
 * reader's consumer group has committed. For the pipeline's input ({@code xapi.statements}, read by the job's group,
 * which commits with each completed checkpoint) those are the statements whose events are in the event log, where
 * they are sealed under their learners' records: the job never needs them again, since it resumes from a checkpoint
 * at or past its committed offsets. Statements written to the topic in the clear (by producers other than the
 * endpoint) keep their text there, so an erasure deletes what the job has read rather than leave the erased learner's
 * text readable until retention. What the reader has not read yet stays (the job drops an erased learner's statements
 * as it reads them), as does every record when the group has committed nothing.
 */
public final class ReadRecordsDeletion {

  private static final long TIMEOUT_SECONDS = 60;

  /**
   * What a deletion did to the topic.
   *
   * @param deleted offsets deleted over every partition (transaction markers included)
   * @param unread offsets after the reader's committed ones (transaction markers included), which stay
   */
  public record Result(String topic, long deleted, long unread) {

    /** One line for a receipt's job state, or an answer. */
    public String describe() {
      return topic + ": " + deleted + " records the job had read deleted, " + unread + " offsets past them kept "
          + "(records the job has not read yet, which it drops if they are an erased learner's, or the marker of "
          + "the last transaction)";
    }
  }

  private final String bootstrap;
  private final String topic;
  private final String group;

  /** The records of {@code topic} on the Kafka at {@code bootstrap} that consumer group {@code group} has read. */
  public ReadRecordsDeletion(String bootstrap, String topic, String group) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.group = group;
  }

  public String topic() {
    return topic;
  }

  /** Deletes the records the group has read; a topic that does not exist deletes nothing. */
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
      Map<TopicPartition, OffsetAndMetadata> read = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Map<TopicPartition, RecordsToDelete> toDelete = new HashMap<>();
      long deleted = 0;
      long unread = 0;
      for (TopicPartition tp : earliest.keySet()) {
        long start = starts.get(tp).offset();
        long end = ends.get(tp).offset();
        OffsetAndMetadata committed = read.get(tp);
        long before = committed == null ? start : Math.min(Math.max(committed.offset(), start), end);
        if (before > start) {
          toDelete.put(tp, RecordsToDelete.beforeOffset(before));
          deleted += before - start;
        }
        unread += end - before;
      }
      if (!toDelete.isEmpty()) {
        admin.deleteRecords(toDelete).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
      return new Result(topic, deleted, unread);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not delete the records consumer group " + group + " has read from "
          + topic + " on Kafka at " + bootstrap + ": " + (e.getCause() != null
              ? e.getCause().getMessage()
              : e.getMessage()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while deleting the records read from " + topic, e);
    }
  }
}
