package org.learnstream.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.kafka.AvroCodec;
import org.learnstream.pipeline.kafka.AvroDeserializationSchema;
import org.learnstream.pipeline.kafka.RawStatement;
import org.learnstream.pipeline.testing.KafkaExtension;
import org.learnstream.schemas.LearningEvent;

/**
 * The serde adapters inside real Flink jobs (a local mini cluster per job) against a real broker, with
 * Kryo forbidden.
 */
class KafkaAvroRoundTripTest {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  @Test
  void writesEventsExactlyOnceWithTheirKeysAndReadsThemBackAsAvroTypes() throws Exception {
    String topic = KAFKA.uniqueTopic("events", 2);
    List<LearningEvent> events = IntStream.range(0, 50).mapToObj(KafkaAvroRoundTripTest::event).toList();

    StreamExecutionEnvironment write = environment();
    write.enableCheckpointing(200);
    write.fromData(events, AvroDeserializationSchema.typeInfo(LearningEvent.class))
        .sinkTo(KafkaSink.<LearningEvent>builder()
            .setBootstrapServers(KAFKA.bootstrapServers())
            .setRecordSerializer(KeyedAvroRecordSerializer.learningEvents(topic))
            .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .setTransactionalIdPrefix(topic)
            .setProperty("transaction.timeout.ms", String.valueOf(Duration.ofMinutes(15).toMillis()))
            .build());
    write.execute("write events");

    var written = KAFKA.readAll(topic, 50, Duration.ofSeconds(30), IsolationLevel.READ_COMMITTED);
    assertThat(written).hasSize(50);
    assertThat(written).allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8))
        .matches("tenant-[0-2]\\|learner-\\d+"));

    StreamExecutionEnvironment read = environment();
    KafkaSource<LearningEvent> source = KafkaSource.<LearningEvent>builder()
        .setBootstrapServers(KAFKA.bootstrapServers()).setTopics(topic).setGroupId(topic + "-reader")
        .setStartingOffsets(OffsetsInitializer.earliest()).setBounded(OffsetsInitializer.latest())
        .setProperty("isolation.level", "read_committed")
        .setValueOnlyDeserializer(new AvroDeserializationSchema<>(LearningEvent.class))
        .build();
    List<LearningEvent> readBack = collect(read.fromSource(source, WatermarkStrategy.noWatermarks(), "events"));

    assertThat(readBack).containsExactlyInAnyOrderElementsOf(events);
  }

  @Test
  void readsRawStatementsWhateverTheirBytes() throws Exception {
    String topic = KAFKA.uniqueTopic("raw", 1);
    byte[] garbage = {(byte) 0xC3, 0x01, (byte) 0xFF};
    try (var producer = new KafkaProducer<byte[], byte[]>(KAFKA.producerProps())) {
      producer.send(new ProducerRecord<>(topic, "t1|a".getBytes(StandardCharsets.UTF_8), "{}".getBytes())).get();
      producer.send(new ProducerRecord<>(topic, null, garbage)).get();
    }

    KafkaSource<RawStatement> source = KafkaSource.<RawStatement>builder()
        .setBootstrapServers(KAFKA.bootstrapServers()).setTopics(topic).setGroupId(topic + "-reader")
        .setStartingOffsets(OffsetsInitializer.earliest()).setBounded(OffsetsInitializer.latest())
        .setDeserializer((KafkaRecordDeserializationSchema<RawStatement>) new RawStatementDeserializer())
        .build();
    List<RawStatement> raw = collect(environment().fromSource(source, WatermarkStrategy.noWatermarks(), "raw"));

    assertThat(raw).hasSize(2);
    assertThat(raw.get(0).tenant).isEqualTo("t1");
    assertThat(raw.get(0).offset).isZero();
    assertThat(raw.get(1).tenant).isNull();
    assertThat(raw.get(1).value).containsExactly(garbage);
    assertThat(raw.get(1).offset).isEqualTo(1L);
  }

  private static StreamExecutionEnvironment environment() {
    Configuration config = new Configuration();
    config.set(PipelineOptions.GENERIC_TYPES, false);
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, config);
    return env;
  }

  private static <T> List<T> collect(org.apache.flink.streaming.api.datastream.DataStream<T> stream)
      throws Exception {
    List<T> out = new ArrayList<>();
    try (CloseableIterator<T> it = stream.executeAndCollect()) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  private static LearningEvent event(int i) {
    Instant at = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i);
    return LearningEvent.newBuilder().setStatementId("s-" + i).setTenant("tenant-" + (i % 3))
        .setLearner("learner-" + (i % 7)).setVerb("http://adlnet.gov/expapi/verbs/answered")
        .setObjectId("https://quiz.example/q/" + i).setObjectType("Activity").setSkills(List.of("k" + (i % 4)))
        .setSuccess(i % 2 == 0).setTimestamp(at).setStored(at).setStatementJson(i % 5 == 0 ? null : "{}")
        .build();
  }
}
