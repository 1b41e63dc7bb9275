package org.learnstream.jobs.pipeline;

import org.learnstream.jobs.settings.PipelineOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.learnstream.jobs.pipeline.TestStatements.MONDAY_9AM;
import static org.learnstream.jobs.pipeline.TestStatements.answered;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.pipeline.testing.KafkaExtension;

/**
 * Event time on the real services: the whole job without any Kryo serializer, the end of a bounded run applying
 * every response, watermarks per Kafka partition, and statements dated far in the future.
 */
class EventTimeITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  @Test
  void aBoundedRunWithAYearOfOutOfOrdernessAppliesEveryResponseAndNoOperatorFallsBackToKryo() throws Exception {
    List<Keyed> statements = new ArrayList<>();
    String[] learners = {"ada", "bo", "cy"};
    for (int i = 0; i < 60; i++) {
      statements.add(answered("patient", learners[i % 3], i % 2 == 0 ? "fractions" : "decimals", i % 4 != 0,
          MONDAY_9AM.plusSeconds(37L * i), 9000 + i));
    }
    String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "e");
    send(prefix, statements, i -> null);

    run(prefix, config -> config.set(PipelineOptions.OUT_OF_ORDERNESS, Duration.ofDays(365)));

    assertThat(count("mastery_updates", "patient")).isEqualTo(statements.size());
    assertThat(count("late_events", "patient")).isZero();
  }

  @Test
  void lateIsDecidedPerPartitionSoAPartitionAnHourBehindLosesNothing() throws Exception {
    // Partition 0 holds a later stretch of time than partition 1; one subtask reads both. Enough records that the
    // consumer reads them in several fetches, alternating between partitions, with watermarks emitted in between.
    int perPartition = 3000;
    List<Keyed> later = new ArrayList<>();
    List<Keyed> earlier = new ArrayList<>();
    for (int i = 0; i < perPartition; i++) {
      later.add(answered("split", "dee" + i % 7, "fractions", i % 3 != 0,
          MONDAY_9AM.plus(Duration.ofHours(12)).plusSeconds(10L * i), 100_000 + i));
      earlier.add(answered("split", "eve" + i % 7, "fractions", i % 2 != 0, MONDAY_9AM.plusSeconds(10L * i),
          200_000 + i));
    }
    List<Keyed> all = new ArrayList<>(later);
    all.addAll(earlier);
    String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "p");
    send(prefix, all, i -> i < later.size() ? 0 : 1);

    run(prefix, config -> config.set(PipelineOptions.PARALLELISM, 1));

    assertThat(count("late_events", "split")).isZero();
    assertThat(count("mastery_updates", "split")).as("mastery updates; dead letters: %s, learning events: %s",
        count("dead_letters", "split"), count("learning_events", "split")).isEqualTo(all.size());
  }

  @Test
  void aStatementDatedHoursAheadIsAppliedToItsOwnLearnerWithoutFailingTheJobOrHoldingBackOthers() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<Keyed> statements = new ArrayList<>();
    statements.add(answered("clock", "fay", "fractions", true, now.minusSeconds(120), 30000));
    // three hours ahead: beyond the brokers' 1 h limit on record timestamps, unless event time stops at the skew
    statements.add(answered("clock", "fay", "fractions", true, now.plus(Duration.ofHours(3)), 30001));
    for (int i = 0; i < 10; i++) {
      statements.add(answered("clock", "fay", "fractions", i % 2 == 0, now.minusSeconds(100 - i), 30002 + i));
      statements.add(answered("clock", "gus", "fractions", i % 2 == 1, now.minusSeconds(100 - i), 30012 + i));
    }
    String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "f");
    send(prefix, statements, i -> 0);

    run(prefix, config -> {
    });

    assertThat(count("dead_letters", "clock")).isZero();
    assertThat(count("late_events", "clock")).isZero();
    assertThat(count("mastery_updates", "clock")).as("mastery updates; learning events: %s",
        count("learning_events", "clock")).isEqualTo(statements.size());
    assertThat(ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT sequence FROM " + CLICKHOUSE.database()
        + ".mastery_updates FINAL WHERE tenant = 'clock' AND statement_id = '" + TestStatements.id(30001) + "'"))
        .as("the answer dated ahead comes after its learner's ten later answers").isEqualTo(12);
  }

  private static long count(String table, String tenant) {
    return ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM " + CLICKHOUSE.database() + "."
        + table + (table.startsWith("mastery") ? " FINAL" : "") + " WHERE tenant = '" + tenant + "'");
  }

  /**
   * Sends in list order, to the partition {@code partitionOf} gives (null: by key), and waits for every
   * acknowledgement. One request in flight keeps the order on retries; a retried duplicate is dropped by the
   * pipeline's deduplication.
   */
  private static void send(String prefix, List<Keyed> statements, IntFunction<Integer> partitionOf) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < statements.size(); i++) {
        Keyed s = statements.get(i);
        acks.add(producer.send(
            new ProducerRecord<>(prefix + Topics.XAPI_STATEMENTS, partitionOf.apply(i), s.key(), s.json())));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get();
      }
    }
  }

  /** The bounded job with generic types disabled: any operator, state or edge that would need Kryo fails it. */
  private static void run(String prefix, Consumer<Configuration> adjust) throws Exception {
    Configuration config = TestPipelineRuns.settings(prefix);
    adjust.accept(config);
    Configuration noKryo = new Configuration();
    noKryo.set(org.apache.flink.configuration.PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(noKryo);
    PipelineJob.configure(env, config);
    PipelineJob.wire(env, config, KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), true);
    assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();
    env.execute("event-time-test-" + prefix);
  }
}
