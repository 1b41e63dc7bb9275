package org.learnstream.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.pipeline.PipelineJob;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.pipeline.RecoverySettings;
import org.learnstream.jobs.runtime.LocalRuntime;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.jobs.runtime.Snapshots;
import org.learnstream.jobs.runtime.StopWithSavepoint;
import org.learnstream.pipeline.simulate.StatementProducer;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;
import org.learnstream.pipeline.clickhouse.TableContents;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.CohortSpec;

/**
 * The embedded default on one data directory, as {@code learnstream run} and {@code replay} use it: the live job
 * takes half a cohort and stops with a savepoint, the runtime (broker and ClickHouse) stops; started again on the
 * same directory it still has the event log, the job resumes and takes the other half (then drains); finally a
 * replay from that log leaves every table as the live job left it.
 */
class EmbeddedRuntimeRestartITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  private static final Duration TIMEOUT = Duration.ofMinutes(4);

  @TempDir
  static Path dataDir;

  private static List<Keyed> statements;
  private static long eventsInLogAfterRestart;
  private static long firstOffsetAfterRestart;
  private static long eventsFinal;
  private static long distinctEvents;
  private static long committedLogRecords;
  private static Map<String, List<String>> beforeReplay;
  private static Map<String, List<String>> afterReplay;

  @BeforeAll
  static void runStopRestartThenReplay() throws Exception {
    CohortSpec spec = CohortSpec.demo().withSeed(5).withLearners(12).withDays(3);
    statements = new CohortSimulator(spec).statements().map(s -> new Keyed(s.actorKey(), s.json())).toList();
    int half = statements.size() / 2;
    Configuration settings = settings();

    try (LocalRuntime runtime = LocalRuntime.start(settings, line -> {
    })) {
      send(runtime, statements.subList(0, half));
      Configuration pipeline = runtime.pipelineSettings(settings);
      JobClient job = start(runtime, pipeline, Optional.empty());
      await(() -> countFinal(runtime) >= half && Snapshots.latest(checkpoints(pipeline)).isPresent());
      StopWithSavepoint.stop(job, false, Duration.ofMinutes(2));
    }

    try (LocalRuntime runtime = LocalRuntime.start(settings, line -> {
    })) {
      EventLogSpan log = EventLogSpan.of(runtime.kafkaBootstrap(), Topics.LEARNING_EVENTS);
      eventsInLogAfterRestart = committedRecords(runtime);
      firstOffsetAfterRestart = log.partitions().stream().mapToLong(EventLogSpan.Partition::earliest).max().orElse(-1);
      send(runtime, statements.subList(half, statements.size()));
      Configuration pipeline = runtime.pipelineSettings(settings);
      JobClient job = start(runtime, pipeline, Snapshots.latest(checkpoints(pipeline)));
      await(() -> countFinal(runtime) >= statements.size());
      // drain: the end of event time releases what waits for the watermark, as the end of a bounded input does
      StopWithSavepoint.stop(job, true, Duration.ofMinutes(2));

      String database = runtime.clickHouse().database();
      eventsFinal = countFinal(runtime);
      distinctEvents = ClickHouseQueries.scalarLong(runtime.clickHouseClient(),
          "SELECT uniqExact(statement_id) FROM " + database + ".learning_events");
      committedLogRecords = committedRecords(runtime);
      beforeReplay = TableContents.of(runtime.clickHouseClient(), database);
      Replay.Result result = Replay.run(pipeline, runtime.kafkaBootstrap(), runtime.clickHouse(),
          runtime.clickHouseClient(), Replay.Progress.SILENT);
      afterReplay = TableContents.of(runtime.clickHouseClient(), database);
      ClickHouseQueries.execute(runtime.clickHouseClient(), "DROP DATABASE " + result.backupDatabase());
    }
  }

  @Test
  void theEventLogIsKeptInTheDataDirectoryAcrossARestart() {
    assertThat(Files.isDirectory(dataDir.resolve("kafka"))).isTrue();
    assertThat(firstOffsetAfterRestart).isZero();
    assertThat(eventsInLogAfterRestart).isGreaterThanOrEqualTo(statements.size() / 2);
  }

  @Test
  void nothingIsLostOrDoubledInTheTablesOrInTheEventLog() {
    assertThat(eventsFinal).isEqualTo(statements.size());
    assertThat(distinctEvents).isEqualTo(statements.size());
    assertThat(committedLogRecords).isEqualTo(statements.size());
  }

  @Test
  void aReplayOnTheRestartedRuntimeLeavesEveryTableEqualRowForRow() {
    assertThat(beforeReplay.get("mastery_updates")).isNotEmpty();
    assertThat(afterReplay).isEqualTo(beforeReplay);
  }

  private static Configuration settings() {
    Configuration c = new Configuration();
    c.set(RuntimeOptions.DATA_DIR, dataDir.toString());
    c.set(RuntimeOptions.KAFKA_PARTITIONS, 2);
    c.set(PipelineOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
    c.set(PipelineOptions.RESTART_ATTEMPTS, 0);
    c.set(PipelineOptions.PARALLELISM, 2);
    // nothing counts as late however the two runs split the stream: the drain at the end releases everything
    c.set(PipelineOptions.OUT_OF_ORDERNESS, Duration.ofDays(60));
    c.set(PipelineOptions.SOURCE_IDLENESS, Duration.ofDays(60));
    // answers wait for the watermark (here the drain), as in the replay: a busy machine that stalls the live job for
    // longer than the hold has it release answers ahead of older ones, and the corrections that follow are counted
    // by the daily means, which average over every inserted row (README, "Replay gives the same rows")
    c.set(PipelineOptions.MASTERY_MAX_HOLD, Duration.ZERO);
    return c;
  }

  private static JobClient start(LocalRuntime runtime, Configuration pipeline, Optional<Path> resume)
      throws Exception {
    Configuration flink = new Configuration();
    resume.ifPresent(snapshot -> RecoverySettings.resumeFrom(flink, snapshot));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
    PipelineJob.configure(env, pipeline);
    PipelineJob.wire(env, pipeline, runtime.kafkaBootstrap(), runtime.clickHouse(), false);
    return env.executeAsync("restart-test");
  }

  private static Path checkpoints(Configuration pipeline) {
    return Path.of(pipeline.get(PipelineOptions.CHECKPOINT_DIR));
  }

  private static void send(LocalRuntime runtime, List<Keyed> batch) {
    try (StatementProducer producer = new StatementProducer(runtime.kafkaBootstrap(), Topics.XAPI_STATEMENTS)) {
      producer.sendAll(batch.iterator(), sent -> {
      });
    }
  }

  private static long countFinal(LocalRuntime runtime) {
    return ClickHouseQueries.countFinal(runtime.clickHouseClient(),
        runtime.clickHouse().database() + ".learning_events");
  }

  /** Records of learning.events a read_committed consumer sees, read to the end. */
  private static long committedRecords(LocalRuntime runtime) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.kafkaBootstrap());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.LEARNING_EVENTS).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long records = 0;
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        records += consumer.poll(Duration.ofMillis(500)).count();
      }
      return records;
    }
  }

  /** Polls until {@code done} holds; fails at the deadline. */
  private static void await(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition still false after %s", TIMEOUT).isLessThan(deadline);
      Thread.sleep(250); // poll interval
    }
  }
}
