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

/** What an erasure deletes from the job's input topic, on a real broker: what the reader's group has read, no more. */
class ReadRecordsDeletionTest {

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

    ReadRecordsDeletion.Result result = new ReadRecordsDeletion(KAFKA.bootstrapServers(), topic, group).delete();

    assertThat(result).isEqualTo(new ReadRecordsDeletion.Result(topic, 7, 3 + 6));
    assertThat(firstOffset(0)).as("partition 0 starts at the group's offset").isEqualTo(7);
    assertThat(firstOffset(1)).as("partition 1, which the group has not read, keeps every record").isZero();
    assertThat(result.describe()).startsWith(topic + ": 7 records the job had read deleted, 9 offsets past them kept");
  }

  @Test
  void aSecondDeletionFindsNothingMoreToDeleteUntilTheGroupReadsOn() throws Exception {
    ReadRecordsDeletion deletion = new ReadRecordsDeletion(KAFKA.bootstrapServers(), topic, group);
    admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 1), new OffsetAndMetadata(6))).all().get();
    assertThat(deletion.delete()).isEqualTo(new ReadRecordsDeletion.Result(topic, 6, 10));

    assertThat(deletion.delete()).isEqualTo(new ReadRecordsDeletion.Result(topic, 0, 10));
    assertThat(firstOffset(1)).isEqualTo(6);
  }

  @Test
  void aGroupThatHasCommittedNothingAndATopicThatDoesNotExistDeleteNothing() throws Exception {
    assertThat(new ReadRecordsDeletion(KAFKA.bootstrapServers(), topic, group).delete())
        .isEqualTo(new ReadRecordsDeletion.Result(topic, 0, 16));
    assertThat(firstOffset(0)).isZero();
    String missing = "missing-" + UUID.randomUUID();
    assertThat(new ReadRecordsDeletion(KAFKA.bootstrapServers(), missing, group).delete())
        .isEqualTo(new ReadRecordsDeletion.Result(missing, 0, 0));
  }

  private long firstOffset(int partition) throws Exception {
    TopicPartition tp = new TopicPartition(topic, partition);
    return admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).all().get().get(tp).offset();
  }
}
