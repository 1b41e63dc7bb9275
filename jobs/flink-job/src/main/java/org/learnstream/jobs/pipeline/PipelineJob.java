package org.learnstream.jobs.pipeline;

import org.learnstream.jobs.settings.PipelineOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.learnstream.jobs.kafka.ErasureRequestDeserializer;
import org.learnstream.jobs.kafka.ReferenceRecordDeserializer;
import org.learnstream.pipeline.kafka.ErasureLedger;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.kafka.RawStatement;
import org.learnstream.pipeline.kafka.SettledRecordsDeletion;
import org.learnstream.jobs.kafka.RawStatementDeserializer;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.WriterSettings;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.schemas.SkillMapping;
import org.learnstream.schemas.SkillParameters;

/** Wires the real connectors around {@link LearnstreamPipeline}: Kafka in, Kafka (exactly-once) and ClickHouse out. */
public final class PipelineJob {

  private PipelineJob() {
  }

  /** The topic's name on the cluster, with the configured prefix. */
  public static String topic(Configuration config, String base) {
    return config.get(PipelineOptions.TOPIC_PREFIX) + base;
  }

  /** The consumer group reading each topic of the job, by the topic's name on the cluster (for lag metrics). */
  public static Map<String, String> consumerGroups(Configuration config) {
    Map<String, String> groups = new LinkedHashMap<>();
    groups.put(topic(config, Topics.XAPI_STATEMENTS), config.get(PipelineOptions.CONSUMER_GROUP));
    for (String reference : List.of(Topics.SKILL_PARAMETERS, Topics.CONTENT_CATALOG, Topics.LEARNER_ERASURES)) {
      groups.put(topic(config, reference), referenceGroup(config, reference));
    }
    return groups;
  }

  /**
   * What an erasure deletes from the job's topics on the Kafka at {@code bootstrap} once the job has applied it: the
   * raw statements its source has read, and the dead letters it has committed that their readers have read (each
   * also in the {@code dead_letters} table), both of which may hold text written to Kafka in the clear.
   */
  public static List<SettledRecordsDeletion> settledRecords(Configuration config, String bootstrap) {
    return List.of(
        SettledRecordsDeletion.readBy(bootstrap, topic(config, Topics.XAPI_STATEMENTS),
            config.get(PipelineOptions.CONSUMER_GROUP)),
        SettledRecordsDeletion.copiedTo(bootstrap, topic(config, Topics.DEAD_LETTERS),
            "the ClickHouse table dead_letters"));
  }

  private static String referenceGroup(Configuration config, String topic) {
    return config.get(PipelineOptions.CONSUMER_GROUP) + "-" + topic;
  }

  /** Checkpointing on (exactly-once), the configured parallelism and restart policy, object reuse on. */
  public static void configure(StreamExecutionEnvironment env, Configuration config) {
    env.setParallelism(config.get(PipelineOptions.PARALLELISM));
    env.enableCheckpointing(config.get(PipelineOptions.CHECKPOINT_INTERVAL).toMillis(), CheckpointingMode.EXACTLY_ONCE);
    Configuration restart = new Configuration();
    int attempts = config.get(PipelineOptions.RESTART_ATTEMPTS);
    if (attempts < 0) {
      restart.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
      restart.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofMinutes(1));
    } else if (attempts == 0) {
      restart.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    } else {
      restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
      restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, attempts);
      restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
    }
    RecoverySettings.apply(restart, config);
    reuseObjects(restart);
    env.configure(restart);
  }

  /**
   * Chained operators hand records on without a defensive copy. Safe for this job graph (live and replay): no
   * operator changes a record after emitting it or keeps one it received through a chain, and the ClickHouse sink
   * copies the rows it buffers.
   */
  public static void reuseObjects(Configuration flink) {
    flink.set(org.apache.flink.configuration.PipelineOptions.OBJECT_REUSE, true);
  }

  /**
   * Adds the pipeline to {@code env}. A bounded job reads {@code xapi.statements} up to the offsets current at
   * start and then finishes (demo, batch loads); an unbounded one keeps consuming. A bounded job holds no answer for
   * a quiet moment ({@code mastery.max-hold}) and takes no partition for idle ({@code pipeline.source-idleness}):
   * the end of its input applies whatever still waits, and a partition whose reader has not started yet must not
   * be skipped, which would put the backlog of the others first and scramble the order the answers are applied in.
   */
  public static void wire(StreamExecutionEnvironment env, Configuration config, String bootstrap,
      ClickHouseEndpoint clickHouse, boolean bounded) {
    Configuration options = bounded ? forBoundedInput(config) : config;
    LearnerRecordAccess records = LearnerRecordAccess.from(options);
    if (records != null) {
      records.migrate(); // the job may be the first to use the records' database: its normaliser creates records
    }
    LearnstreamPipeline.build(env, statementsSource(options, bootstrap, bounded),
        reference(options, bootstrap, bounded), erasures(options, bootstrap, bounded),
        PipelineSinks.everyOutput(new ConnectorSinks(options, bootstrap, clickHouse)), options);
  }

  /**
   * The erasure ledger: its entries when the operators start, and its reader from the start, whose group commits its
   * offset with each completed checkpoint; erase waits for that commit ({@link ErasureLedger#awaitApplied}). The
   * topic is among the pipeline's topics that every start creates ({@code Topics.defaults}).
   */
  static Erasures erasures(Configuration config, String bootstrap, boolean bounded) {
    String topic = topic(config, Topics.LEARNER_ERASURES);
    var builder = KafkaSource.<ErasureRequest>builder()
        .setBootstrapServers(bootstrap)
        .setTopics(topic)
        .setGroupId(ErasureLedger.jobGroup(config.get(PipelineOptions.CONSUMER_GROUP)))
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setProperty("isolation.level", "read_committed")
        .setDeserializer(new ErasureRequestDeserializer());
    if (bounded) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return new Erasures(Erasures.ledger(bootstrap, topic), builder.build());
  }

  /**
   * The settings of a run over bounded input (a bounded job, a replay): no hold for a quiet moment and no partition
   * taken for idle, for the reasons {@link #wire} gives.
   */
  public static Configuration forBoundedInput(Configuration config) {
    Configuration options = new Configuration(config);
    options.set(PipelineOptions.MASTERY_MAX_HOLD, Duration.ZERO);
    options.set(PipelineOptions.SOURCE_IDLENESS, Duration.ZERO);
    return options;
  }

  /** Batching of the ClickHouse sinks: rows per insert and the longest a row waits. */
  public static WriterSettings writerSettings(ReadableConfig config) {
    return WriterSettings.defaults().withBatchRows(config.get(PipelineOptions.CLICKHOUSE_BATCH_ROWS))
        .withMaxDelay(config.get(PipelineOptions.CLICKHOUSE_MAX_DELAY));
  }

  /** Live parameter sets and catalog entries from their compacted topics. */
  static ReferenceData reference(Configuration config, String bootstrap, boolean bounded) {
    return new ReferenceData(
        referenceSource(config, bootstrap, Topics.SKILL_PARAMETERS, SkillParameters.class, bounded),
        referenceSource(config, bootstrap, Topics.CONTENT_CATALOG, SkillMapping.class, bounded));
  }

  /**
   * A reference topic from its start, so a restarted job sees every current entry again (its group commits no
   * offsets that matter). Bounded jobs read what is there at start.
   */
  static <T extends SpecificRecordBase> KafkaSource<T> referenceSource(Configuration config, String bootstrap,
      String topic, Class<T> type, boolean bounded) {
    var builder = KafkaSource.<T>builder()
        .setBootstrapServers(bootstrap)
        .setTopics(topic(config, topic))
        .setGroupId(referenceGroup(config, topic))
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setProperty("isolation.level", "read_committed")
        .setDeserializer(new ReferenceRecordDeserializer<>(type));
    if (bounded) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  static KafkaSource<RawStatement> statementsSource(Configuration config, String bootstrap, boolean bounded) {
    var builder = KafkaSource.<RawStatement>builder()
        .setBootstrapServers(bootstrap)
        .setTopics(topic(config, Topics.XAPI_STATEMENTS))
        .setGroupId(config.get(PipelineOptions.CONSUMER_GROUP))
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setProperty("isolation.level", "read_committed")
        .setDeserializer(new RawStatementDeserializer());
    if (bounded) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }
}
