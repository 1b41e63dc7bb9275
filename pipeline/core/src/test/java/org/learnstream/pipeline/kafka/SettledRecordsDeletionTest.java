package org.learnstream.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.KafkaExtension;

/**
 * What an erasure deletes from the job's topics, on a real broker: from its input what the reader's group has read, no
 * more; from a topic whose records are copied elsewhere, what is committed, no more.
 */
class SettledRecordsDeletionTest {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  private final String topic = "read-" + UUID.randomUUID();
  private final String group = "reader-" + UUID.randomUUID();
  private Admin admin;

  @BeforeEach
  void twoPartitionsOfTenAndSixRecords() throws Exception {
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()));
    admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new ByteArraySerializer(),
        new ByteArraySerializer())) {
      for (int i = 0; i < 16; i++) {
        producer.send(new ProducerRecord<>(topic, i < 10 ? 0 : 1, null,
            ("statement " + i).getBytes(StandardCharsets.UTF_8))).get();
      }
    }
  }

  @AfterEach
  void closeAdmin() {
    admin.close();
  }

  @Test
  void deletesOnEachPartitionTheRecordsBeforeTheGroupsCommittedOffsetAndKeepsTheUnreadOnes() throws Exception {
    admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(7))).all().get();

    SettledRecordsDeletion.Result result = SettledRecordsDeletion.readBy(KAFKA.bootstrapServers(), topic, group)
        .delete();

    assertThat(result).isEqualTo(new SettledRecordsDeletion.Result(topic, 7, 3 + 6));
    assertThat(firstOffset(0)).as("partition 0 starts at the group's offset").isEqualTo(7);
    assertThat(firstOffset(1)).as("partition 1, which the group has not read, keeps every record").isZero();
    assertThat(SettledRecordsDeletion.readBy(KAFKA.bootstrapServers(), topic, group).describe(result))
        .startsWith(topic + ": 7 records the job had read deleted, 9 offsets past them kept");
  }

  @Test
  void aSecondDeletionFindsNothingMoreToDeleteUntilTheGroupReadsOn() throws Exception {
    SettledRecordsDeletion deletion = SettledRecordsDeletion.readBy(KAFKA.bootstrapServers(), topic, group);
    admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 1), new OffsetAndMetadata(6))).all().get();
    assertThat(deletion.delete()).isEqualTo(new SettledRecordsDeletion.Result(topic, 6, 10));

    assertThat(deletion.delete()).isEqualTo(new SettledRecordsDeletion.Result(topic, 0, 10));
    assertThat(firstOffset(1)).isEqualTo(6);
  }

  @Test
  void aGroupThatHasCommittedNothingAndATopicThatDoesNotExistDeleteNothing() throws Exception {
    assertThat(SettledRecordsDeletion.readBy(KAFKA.bootstrapServers(), topic, group).delete())
        .isEqualTo(new SettledRecordsDeletion.Result(topic, 0, 16));
    assertThat(firstOffset(0)).isZero();
    String missing = "missing-" + UUID.randomUUID();
    assertThat(SettledRecordsDeletion.readBy(KAFKA.bootstrapServers(), missing, group).delete())
        .isEqualTo(new SettledRecordsDeletion.Result(missing, 0, 0));
  }

  @Test
  void ofATopicCopiedElsewhereDeletesEveryCommittedRecordAndKeepsThoseOfATransactionStillOpen() throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "open-" + UUID.randomUUID()), new ByteArraySerializer(),
        new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < 3; i++) {
        producer.send(new ProducerRecord<>(topic, 1, null, ("open " + i).getBytes(StandardCharsets.UTF_8))).get();
      }
      SettledRecordsDeletion deletion = SettledRecordsDeletion.copiedTo(KAFKA.bootstrapServers(), topic,
          "the table dead_letters");

      SettledRecordsDeletion.Result result = deletion.delete();

      assertThat(result).isEqualTo(new SettledRecordsDeletion.Result(topic, 16, 3));
      assertThat(firstOffset(0)).as("partition 0: every record, none in a transaction").isEqualTo(10);
      assertThat(firstOffset(1)).as("partition 1 starts at the open transaction's first record").isEqualTo(6);
      assertThat(deletion.describe(result)).isEqualTo(topic + ": 16 committed records deleted (each is kept in the "
          + "table dead_letters, where the learner's were deleted), 3 offsets past them kept (a transaction still open, "
          + "or records a consumer group of the topic has not read yet)");
      producer.commitTransaction();
    }
  }

  @Test
  void ofATopicCopiedElsewhereKeepsWhatAConsumerGroupOfTheTopicHasNotReadYet() throws Exception {
    admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(4))).all().get();
    SettledRecordsDeletion deletion = SettledRecordsDeletion.copiedTo(KAFKA.bootstrapServers(), topic,
        "the table dead_letters");

    SettledRecordsDeletion.Result result = deletion.delete();

    assertThat(result).isEqualTo(new SettledRecordsDeletion.Result(topic, 4 + 6, 6));
    assertThat(firstOffset(0)).as("partition 0 starts where the group stopped reading").isEqualTo(4);
    assertThat(firstOffset(1)).as("partition 1, on which the group committed nothing: every record").isEqualTo(6);
  }

  private long firstOffset(int partition) throws Exception {
    TopicPartition tp = new TopicPartition(topic, partition);
    return admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).all().get().get(tp).offset();
  }
}
