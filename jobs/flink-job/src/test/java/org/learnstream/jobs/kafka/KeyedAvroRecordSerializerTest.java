package org.learnstream.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.kafka.AvroCodec;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

class KeyedAvroRecordSerializerTest {

  private static final Instant T0 = Instant.parse("2024-05-06T07:08:09Z");

  @Test
  void keysLearningEventsByTenantAndLearnerAndKeepsTheFlinkTimestamp() throws Exception {
    LearningEvent event = LearningEvent.newBuilder().setStatementId("s").setTenant("t1").setLearner("l9")
        .setVerb("v").setObjectId("o").setObjectType("Activity").setTimestamp(T0).setStored(T0).build();
    var serializer = roundTripJava(KeyedAvroRecordSerializer.learningEvents("events-x"));

    ProducerRecord<byte[], byte[]> record = serializer.serialize(event, null, 1234L);

    assertThat(record.topic()).isEqualTo("events-x");
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("t1|l9");
    assertThat(record.timestamp()).isEqualTo(1234L);
    assertThat(record.partition()).isNull();
    assertThat(AvroCodec.of(LearningEvent.class).decode(record.value())).isEqualTo(event);
  }

  @Test
  void keysMasteryUpdatesByTenantLearnerAndSkill() {
    MasteryUpdate update = MasteryUpdate.newBuilder().setTenant("t").setLearner("l").setSkill("fractions.add")
        .setStatementId("x").setEventTime(T0).setSequence(1).setCorrect(true).setPKnownBefore(0.1)
        .setPCorrectPredicted(0.2).setPKnownAfter(0.3).setMastered(false).setAttempts(1).setCorrectCount(1)
        .setRecentAccuracy(1.0).setModelVersion("bkt:defaults").build();

    ProducerRecord<byte[], byte[]> record = KeyedAvroRecordSerializer.masteryUpdates().serialize(update, null, null);

    assertThat(record.topic()).isEqualTo("mastery.updates");
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("t|l|fractions.add");
    assertThat(record.timestamp()).isNull();
  }

  /** Flink ships the serializer to task managers with Java serialisation. */
  private static <T> T roundTripJava(T value) throws Exception {
    return InstantiationUtil.deserializeObject(InstantiationUtil.serializeObject(value),
        KeyedAvroRecordSerializerTest.class.getClassLoader());
  }
}
