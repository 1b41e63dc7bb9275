package org.learnstream.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.junit.jupiter.api.Test;
import org.learnstream.schemas.DeadLetter;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

class AvroCodecTest {

  private static final Instant T0 = Instant.parse("2024-03-01T09:15:30.123Z");

  private final AvroCodec<LearningEvent> events = AvroCodec.of(LearningEvent.class);
  private final AvroCodec<MasteryUpdate> updates = AvroCodec.of(MasteryUpdate.class);
  private final AvroCodec<DeadLetter> letters = AvroCodec.of(DeadLetter.class);

  @Test
  void roundTripsALearningEventWithEveryFieldSet() {
    LearningEvent event = LearningEvent.newBuilder()
        .setStatementId("5d7bd6a2-3b0a-4a2f-9d57-6c5d1c2c9b01").setTenant("district-7").setLearner("l-42")
        .setKind(EventKind.RESPONSE).setVerb("http://adlnet.gov/expapi/verbs/answered")
        .setObjectId("https://quiz.example/q/17").setObjectType("Activity")
        .setActivityType("http://adlnet.gov/expapi/activities/cmi.interaction")
        .setSkills(List.of("fractions.add", "fractions.simplify")).setSuccess(true).setScoreScaled(0.75)
        .setDurationMs(12_500L).setRegistration("c0ffee00-0000-4000-8000-000000000001")
        .setCourse("https://lms.example/course/math-5").setSection("https://lms.example/section/5b")
        .setVoidedStatementId("5d7bd6a2-3b0a-4a2f-9d57-6c5d1c2c9b00").setTimestamp(T0)
        .setStored(T0.plusSeconds(2)).setStatementJson("{\"id\":\"5d7bd6a2\"}")
        .build();

    assertThat(events.decode(events.encode(event))).isEqualTo(event);
  }

  @Test
  void roundTripsALearningEventWhoseOptionalFieldsAreNull() {
    LearningEvent event = LearningEvent.newBuilder()
        .setStatementId("s-1").setTenant("t").setLearner("l").setVerb("v").setObjectId("o").setObjectType("Agent")
        .setTimestamp(T0).setStored(T0).build();

    LearningEvent decoded = events.decode(events.encode(event));

    assertThat(decoded).isEqualTo(event);
    assertThat(decoded.getKind()).isEqualTo(EventKind.ACTIVITY);
    assertThat(decoded.getSkills()).isEmpty();
    assertThat(decoded.getSuccess()).isNull();
    assertThat(decoded.getStatementJson()).isNull();
  }

  @Test
  void roundTripsAMasteryUpdateWithAndWithoutItsOptionalFields() {
    MasteryUpdate full = MasteryUpdate.newBuilder()
        .setTenant("t").setLearner("l").setSkill("fractions.add").setStatementId("s-9").setCourse("c")
        .setSection("sec").setEventTime(T0).setSequence(9).setCorrect(true).setPKnownBefore(0.61)
        .setPCorrectPredicted(0.7).setPKnownAfter(0.83).setMastered(false).setAttempts(9).setCorrectCount(6)
        .setRecentAccuracy(0.6).setRecentWindow(5).setTrend(0.12).setFirstMasteredAt(T0.minusSeconds(60))
        .setModelVersion("bkt:defaults").build();
    MasteryUpdate sparse = MasteryUpdate.newBuilder(full).setCourse(null).setSection(null)
        .setFirstMasteredAt(null).build();

    assertThat(updates.decode(updates.encode(full))).isEqualTo(full);
    assertThat(updates.decode(updates.encode(sparse))).isEqualTo(sparse);
    assertThat(updates.decode(updates.encode(sparse)).getFirstMasteredAt()).isNull();
  }

  @Test
  void roundTripsADeadLetterWithItsOriginalBytesUntouched() {
    byte[] original = {0, (byte) 0xFF, '{', 'x', (byte) 0xC3, 1};
    DeadLetter full = DeadLetter.newBuilder()
        .setId("dl-1").setOrigin("normalise").setTopic("xapi.statements").setPartition(3).setOffset(123_456L)
        .setTenant("t").setField("$.actor.mbox").setRule("ifi.exactly-one")
        .setReason("actor has both mbox and account; exactly one identifier is allowed")
        .setPayload(ByteBuffer.wrap(original)).setReceivedAt(T0).build();
    DeadLetter sparse = DeadLetter.newBuilder(full).setTopic(null).setPartition(null).setOffset(null)
        .setTenant(null).setField(null).build();

    DeadLetter decoded = letters.decode(letters.encode(full));

    assertThat(decoded).isEqualTo(full);
    byte[] payload = new byte[decoded.getPayload().remaining()];
    decoded.getPayload().get(payload);
    assertThat(payload).containsExactly(original);
    assertThat(letters.decode(letters.encode(sparse))).isEqualTo(sparse);
  }

  @Test
  void encodedMessagesStartWithTheSingleObjectMarkerAndTheSchemaFingerprint() {
    byte[] bytes = letters.encode(DeadLetter.newBuilder().setId("i").setOrigin("o").setRule("r").setReason("x")
        .setPayload(ByteBuffer.allocate(0)).setReceivedAt(T0).build());

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(fingerprint).isEqualTo(AvroCodec.fingerprint(DeadLetter.getClassSchema()));
  }

  @Test
  void rejectsGarbageWithAnExceptionThatNamesTheMarker() {
    byte[] garbage = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> events.decode(garbage))
        .isInstanceOf(AvroDecodeException.class)
        .hasMessageContaining("LearningEvent").hasMessageContaining("C3 01").hasMessageContaining("7B 22");
  }

  @Test
  void rejectsATruncatedMessageAsCorrupt() {
    byte[] whole = events.encode(LearningEvent.newBuilder().setStatementId("s").setTenant("t").setLearner("l")
        .setVerb("v").setObjectId("o").setObjectType("Activity").setTimestamp(T0).setStored(T0).build());
    byte[] truncated = java.util.Arrays.copyOf(whole, 14);

    assertThatThrownBy(() -> events.decode(truncated))
        .isInstanceOf(AvroDecodeException.class).hasMessageContaining("Corrupt LearningEvent");
  }

  @Test
  void rejectsAMessageWrittenWithAnUnknownSchemaNamingItsFingerprint() throws Exception {
    Schema stranger = new Schema.Parser().parse(
        "{\"type\":\"record\",\"name\":\"LearningEvent\",\"namespace\":\"elsewhere\","
            + "\"fields\":[{\"name\":\"only\",\"type\":\"string\"}]}");
    GenericRecord record = new GenericData.Record(stranger);
    record.put("only", "x");
    byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), stranger).encode(record).array();
    String expectedHex = String.format("%016x", AvroCodec.fingerprint(stranger));

    assertThatThrownBy(() -> events.decode(bytes))
        .isInstanceOf(UnknownSchemaException.class)
        .hasMessageContaining(expectedHex).hasMessageContaining("schemas/history/LearningEvent")
        .satisfies(e -> assertThat(((UnknownSchemaException) e).fingerprint())
            .isEqualTo(AvroCodec.fingerprint(stranger)));
  }

  @Test
  void knowsTheVersionsKeptInTheSchemaHistory() {
    assertThat(events.knownWriterSchemas()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(events.knownWriterSchemas().get(1).getFullName()).isEqualTo("org.learnstream.schemas.LearningEvent");
  }

  @Test
  void flinkTreatsTheGeneratedClassesAsAvroTypesNotKryoGenericTypes() {
    TypeInformation<LearningEvent> produced = new AvroDeserializationSchema<>(LearningEvent.class).getProducedType();
    TypeInformation<MasteryUpdate> extracted = TypeInformation.of(MasteryUpdate.class);

    assertThat(produced).isInstanceOf(AvroTypeInfo.class).isNotInstanceOf(GenericTypeInfo.class);
    assertThat(extracted).as("type extracted by Flink itself").isNotInstanceOf(GenericTypeInfo.class);
  }

  @Test
  void theFlinkDeserializationSchemaReadsWhatTheCodecWrites() throws Exception {
    MasteryUpdate update = MasteryUpdate.newBuilder().setTenant("t").setLearner("l").setSkill("s")
        .setStatementId("x").setEventTime(T0).setSequence(1).setCorrect(false).setPKnownBefore(0.1)
        .setPCorrectPredicted(0.2).setPKnownAfter(0.15).setMastered(false).setAttempts(1).setCorrectCount(0)
        .setRecentAccuracy(0.0).setModelVersion("bkt:defaults").build();
    var deserializer = new AvroDeserializationSchema<>(MasteryUpdate.class);

    byte[] bytes = AvroCodec.of(MasteryUpdate.class).encode(update);

    assertThat(deserializer.deserialize(bytes)).isEqualTo(update);
    assertThat(deserializer.isEndOfStream(update)).isFalse();
  }
}
