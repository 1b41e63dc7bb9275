package org.learnstream.jobs.bench;

import org.learnstream.jobs.settings.PipelineBenchOptions;
import org.apache.flink.configuration.ReadableConfig;
import com.clickhouse.client.api.Client;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongConsumer;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.learnstream.jobs.pipeline.PipelineJob;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.replay.Replay;
import org.learnstream.jobs.replay.ReplayJob;
import org.learnstream.jobs.runtime.LocalRuntime;
import org.learnstream.pipeline.simulate.StatementProducer;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.ClickHouseSink;
import org.learnstream.pipeline.clickhouse.LearningEventEncoder;
import org.learnstream.pipeline.clickhouse.SchemaMigrations;
import org.learnstream.pipeline.kafka.TopicAdmin;
import org.learnstream.pipeline.kafka.TopicSpec;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.CohortSpec;

/**
 * The pipeline benchmark, phase by phase on one set of running services. Every Flink job runs with generic types
 * disabled, so a Kryo fallback anywhere in the graph fails the run instead of slowing it.
 */
public final class PipelineBench {

  /** What to run. */
  public record Settings(long statements, long warmupStatements, int learners, int days, boolean kafkaEngine,
      boolean replay,
      Duration latencyRun, Duration latencyCheckpoint, Duration lowRateRun, boolean compareBestLr,
      boolean compareSealing, int compareRounds) {

    public static Settings from(ReadableConfig config) {
      if (config.get(PipelineBenchOptions.COMPARE_BEST_LR) && config.get(PipelineBenchOptions.COMPARE_SEALING)) {
        throw new org.learnstream.jobs.config.ConfigException("settings '"
            + PipelineBenchOptions.COMPARE_BEST_LR.key() + "' and '" + PipelineBenchOptions.COMPARE_SEALING.key()
            + "' are both true but only one comparison runs at a time");
      }
      return new Settings(config.get(PipelineBenchOptions.STATEMENTS),
          config.get(PipelineBenchOptions.WARMUP_STATEMENTS),
          config.get(PipelineBenchOptions.LEARNERS), config.get(PipelineBenchOptions.DAYS),
          config.get(PipelineBenchOptions.KAFKA_ENGINE), config.get(PipelineBenchOptions.REPLAY),
          config.get(PipelineBenchOptions.LATENCY_DURATION),
          config.get(PipelineBenchOptions.LATENCY_CHECKPOINT_INTERVAL),
          config.get(PipelineBenchOptions.LOW_RATE_DURATION), config.get(PipelineBenchOptions.COMPARE_BEST_LR),
          config.get(PipelineBenchOptions.COMPARE_SEALING), config.get(PipelineBenchOptions.COMPARE_ROUNDS));
    }
  }

  /** Told what happens, for the progress display. */
  public interface Progress {
    void phase(String name, long total);

    void step(long done);
  }

  private final Configuration base;
  private final LocalRuntime runtime;
  private final Settings settings;
  private final Progress progress;
  private final PrintStream out;
  private final ProcessSampler sampler;
  private final Map<String, Object> results = new LinkedHashMap<>();
  private final String prefix = "bench" + System.currentTimeMillis() % 1_000_000 + ".";

  public PipelineBench(Configuration base, LocalRuntime runtime, Settings settings, Progress progress,
      PrintStream out) {
    this.base = base;
    this.runtime = runtime;
    this.settings = settings;
    this.progress = progress;
    this.out = out;
    this.sampler = new ProcessSampler();
  }

  /** Runs every phase; returns the figures (also printed as they come). */
  public Map<String, Object> run() throws Exception {
    results.put("statements", settings.statements());
    results.put("load_average_at_start", LoadAverage.read());
    if (settings.warmupStatements() > 0) {
      warmUp();
    }
    Configuration config = jobConfig(prefix);
    RowRate.Measured xapi = xapiPhase(config);
    if (settings.compareBestLr()) {
      new BestLrRounds(new PairedRounds(runtime, progress, out, sampler), settings.compareRounds())
          .run(config, xapi.rows(), () -> simulator("bench").statements().limit(settings.statements()).iterator(),
              results);
      results.put("load_average_at_end", LoadAverage.read());
      return results;
    }
    if (settings.compareSealing()) {
      new SealingRounds(new PairedRounds(runtime, progress, out, sampler), settings.compareRounds()).run(config,
          settings.statements(),
          xapi.rows(), () -> simulator("bench").statements().limit(settings.statements()).iterator(), results);
      results.put("load_average_at_end", LoadAverage.read());
      return results;
    }

    String avroDb = database("bench_avro");
    StreamExecutionEnvironment env = environment(config);
    ReplayJob.projectLog(env, config, runtime.kafkaBootstrap(), endpoint(avroDb), prefix + "avro");
    RowRate.Measured avro = measure("avro", "Avro learning.events -> mastery -> ClickHouse",
        env.executeAsync("bench avro"), avroDb + ".learning_events", xapi.rows());
    results.put("avro_events_per_s", Math.round(avro.sustainedPerSecond()));

    String copyDb = database("bench_copy");
    env = environment(config);
    env.fromSource(ReplayJob.eventLog(config, runtime.kafkaBootstrap(), prefix + "copy"),
        org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks(), "learning-events")
        .sinkTo(new ClickHouseSink<>(endpoint(copyDb), LearningEventEncoder.class,
            PipelineJob.writerSettings(config)))
        .name("learning-events-table");
    RowRate.Measured copy = measure("sink_copy", "yardstick: learning.events -> our ClickHouse sink, nothing between",
        env.executeAsync("bench copy"), copyDb + ".learning_events", xapi.rows());
    results.put("sink_copy_events_per_s", Math.round(copy.sustainedPerSecond()));
    results.put("ratio_vs_sink_copy", ratio(avro, copy));

    if (settings.kafkaEngine()) {
      kafkaEngine(copyDb, xapi.rows(), avro);
    }
    Map<String, Object> state = StateSize.measure(runtime.clickHouseClient(), avroDb,
        config.get(PipelineOptions.VOID_WINDOW));
    results.putAll(state);
    out.println("  Flink state per learner x skill (serialized key + mastery value, "
        + state.get("mastery_state_type_info")
        + ", void window " + state.get("state_void_window") + "): " + state.get("state_bytes_per_key") + " bytes, plus "
        + state.get("state_shared_places") + " (course, section) pairs kept once per mastery operator");
    Map<String, Object> bestLr = BestLrStateSize.measure(runtime.clickHouseClient(), avroDb);
    results.putAll(bestLr);
    out.println("  Best-LR state (mastery.best-lr-file, CodecSerializer): per learner "
        + bestLr.get("best_lr_state_bytes_per_learner") + " bytes (key + overall counts), per learner x skill "
        + bestLr.get("best_lr_state_bytes_per_learner_x_skill") + " bytes beyond the mastery state above");
    if (settings.replay()) {
      replay(config, avroDb);
    }
    if (!settings.latencyRun().isZero()) {
      progress.phase("latency run (samples seen)", 200 * settings.latencyRun().toSeconds());
      Map<String, Object> latency = new LatencyProbe(runtime, out, progress::step)
          .run("", jobConfig(prefix + "lat."), xapi.sustainedPerSecond() / 2, settings.latencyRun(),
              settings.latencyCheckpoint(), simulator("latency").iterator());
      results.putAll(latency);
    }
    if (!settings.lowRateRun().isZero()) {
      // one statement a second: a quiet class, where nothing but the hold and the sinks' delay stand in the way
      progress.phase("low-rate latency run (samples seen)", settings.lowRateRun().toSeconds());
      results.putAll(new LatencyProbe(runtime, out, progress::step).run("low_rate_", jobConfig(prefix + "low."), 1,
          settings.lowRateRun(), PipelineOptions.CHECKPOINT_INTERVAL.defaultValue(), simulator("low-rate").iterator()));
    }
    results.put("load_average_at_end", LoadAverage.read());
    return results;
  }

  /** The simulated statements through the whole pipeline, which also fills the event log the later phases read. */
  private RowRate.Measured xapiPhase(Configuration config) throws Exception {
    ensureTopics(runtime, prefix);
    long sent = produce(PipelineJob.topic(config, Topics.XAPI_STATEMENTS), cohort(settings.statements(), "bench"),
        settings.statements());
    String xapiDb = database("bench_xapi");
    StreamExecutionEnvironment env = environment(config);
    PipelineJob.wire(env, config, runtime.kafkaBootstrap(), endpoint(xapiDb), true);
    RowRate.Measured xapi = measure("xapi", "xAPI JSON -> normalise, dedup, mastery -> ClickHouse",
        env.executeAsync("bench xapi"), xapiDb + ".learning_events", sent);
    results.put("xapi_events_per_s", Math.round(xapi.sustainedPerSecond()));
    return xapi;
  }

  /**
   * The whole pipeline over its own topics and database, unmeasured: on two cores the JIT compiler takes a good
   * share of the CPU for the first minutes, and a live job runs warm.
   */
  private void warmUp() throws Exception {
    Configuration config = jobConfig(prefix + "warmup.");
    ensureTopics(runtime, prefix + "warmup.");
    long sent = produce(PipelineJob.topic(config, Topics.XAPI_STATEMENTS),
        cohort(settings.warmupStatements(), "warmup"), settings.warmupStatements());
    String db = database("bench_warmup");
    StreamExecutionEnvironment env = environment(config);
    PipelineJob.wire(env, config, runtime.kafkaBootstrap(), endpoint(db), true);
    progress.phase("warm-up (unmeasured): the whole pipeline", sent);
    RowRate.await(runtime.clickHouseClient(), db + ".learning_events", sent, env.executeAsync("bench warm-up"),
        sampler, progress::step);
    ClickHouseQueries.execute(runtime.clickHouseClient(), "DROP DATABASE IF EXISTS " + db);
    results.put("warmup_statements", sent);
    out.printf("  warm-up: %d statements through the whole pipeline, not measured%n", sent);
  }

  /** The pipeline's topics under {@code topicPrefix}. */
  static void ensureTopics(LocalRuntime runtime, String topicPrefix) {
    TopicAdmin.ensure(runtime.kafkaBootstrap(), Topics.defaults(4).stream()
        .map(t -> new TopicSpec(topicPrefix + t.name(), t.partitions(), t.compacted(), t.retention())).toList());
  }

  private void kafkaEngine(String copyDb, long rows, RowRate.Measured avro) throws Exception {
    String jsonTopic = prefix + "events.jsoneachrow";
    TopicAdmin.ensure(runtime.kafkaBootstrap(),
        List.of(new TopicSpec(jsonTopic, 4, false, java.util.Optional.empty())));
    progress.phase("learning_events rows as JSONEachRow -> Kafka", rows);
    Client client = runtime.clickHouseClient();
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.kafkaBootstrap());
    props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    long n = 0;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
        new ByteArraySerializer());
        var response = client.query("SELECT * FROM " + copyDb + ".learning_events"
            + " SETTINGS output_format_json_quote_64bit_integers = 0 FORMAT JSONEachRow").get();
        BufferedReader lines = new BufferedReader(new InputStreamReader(response.getInputStream(),
            StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        producer.send(new ProducerRecord<>(jsonTopic, line.getBytes(StandardCharsets.UTF_8)));
        if (++n % 10_000 == 0) {
          progress.step(n);
        }
      }
    }
    progress.step(n);
    String engineDb = database("bench_engine");
    String group = prefix + "clickhouse";
    ConsumerGroupStart.atEarliest(runtime.kafkaBootstrap(), group, jsonTopic);
    ClickHouseQueries.execute(client, "CREATE TABLE " + engineDb + ".kafka_queue AS " + engineDb
        + ".learning_events ENGINE = Kafka('" + runtime.kafkaBootstrap() + "', '" + jsonTopic + "', '"
        + group + "', 'JSONEachRow')");
    sampler.start();
    ClickHouseQueries.execute(client, "CREATE MATERIALIZED VIEW " + engineDb + ".kafka_consumer TO " + engineDb
        + ".learning_events AS SELECT * FROM " + engineDb + ".kafka_queue");
    try {
      progress.phase("yardstick: ClickHouse Kafka engine JSONEachRow -> learning_events", n);
      RowRate.Measured engine = RowRate.await(client, engineDb + ".learning_events", n, null, sampler, progress::step);
      report("clickhouse_kafka_engine", "ClickHouse Kafka table engine, JSONEachRow of the same rows", engine);
      results.put("clickhouse_kafka_engine_events_per_s", Math.round(engine.sustainedPerSecond()));
      results.put("ratio_vs_clickhouse_kafka_engine", ratio(avro, engine));
    } catch (RuntimeException e) {
      out.println("  ClickHouse Kafka engine yardstick failed: " + e.getMessage());
      results.put("clickhouse_kafka_engine_error", String.valueOf(e.getMessage()));
      results.put("ratio_vs_clickhouse_kafka_engine", null);
    } finally {
      ClickHouseQueries.execute(client, "DROP TABLE IF EXISTS " + engineDb + ".kafka_consumer");
      ClickHouseQueries.execute(client, "DROP TABLE IF EXISTS " + engineDb + ".kafka_queue");
    }
  }

  private void replay(Configuration config, String database) throws Exception {
    long t0 = System.nanoTime();
    Replay.Result result = Replay.run(config, runtime.kafkaBootstrap(), endpoint(database), runtime.clickHouseClient(),
        new Replay.Progress() {
          @Override
          public void started(String rebuildDatabase, long recordsInLog) {
            progress.phase("replay learning.events -> " + rebuildDatabase, recordsInLog);
          }

          @Override
          public void written(long eventRows) {
            progress.step(eventRows);
          }
        });
    double seconds = (System.nanoTime() - t0) / 1e9;
    ClickHouseQueries.execute(runtime.clickHouseClient(), "DROP DATABASE IF EXISTS " + result.backupDatabase());
    long perSecond = Math.round(result.eventRows() / seconds);
    results.put("replay_events_per_s", perSecond);
    results.put("replay_seconds_for_10m_events_extrapolated", Math.round(10_000_000.0 / perSecond));
    out.printf("  replay: %d events in %.1f s = %d events/s (10M events: ~%d s, extrapolated linearly)%n",
        result.eventRows(), seconds, perSecond, Math.round(10_000_000.0 / perSecond));
  }

  private RowRate.Measured measure(String key, String what, JobClient job, String table, long expected)
      throws Exception {
    progress.phase(what, expected);
    sampler.start();
    RowRate.Measured measured = RowRate.await(runtime.clickHouseClient(), table, expected, job, sampler,
        progress::step);
    report(key, what, measured);
    return measured;
  }

  private void report(String key, String what, RowRate.Measured m) {
    List<ProcessSampler.Usage> usage = sampler.usage();
    out.printf("  %s: %d rows, sustained %,.0f rows/s (wall %.1f s, %,.0f rows/s incl. start-up)%n", what, m.rows(),
        m.sustainedPerSecond(), m.wallSeconds(), m.rows() / m.wallSeconds());
    List<Map<String, Object>> processes = new ArrayList<>();
    for (ProcessSampler.Usage u : usage) {
      out.printf("      %-26s %.2f cores, peak RSS %d MB%n", u.process(), u.cores(), u.peakRssMb());
      processes.add(Map.of("process", u.process(), "cores", Math.round(u.cores() * 100) / 100.0,
          "peak_rss_mb", u.peakRssMb()));
    }
    results.put(key + "_detail", Map.of("rows", m.rows(), "sustained_per_s", Math.round(m.sustainedPerSecond()),
        "wall_s", Math.round(m.wallSeconds() * 10) / 10.0, "processes", processes, "load_average", LoadAverage.read()));
  }

  private long produce(String topic, java.util.stream.Stream<Keyed> statements, long total) {
    progress.phase("simulated xAPI statements -> Kafka", total);
    long t0 = System.nanoTime();
    long sent;
    try (StatementProducer producer = new StatementProducer(runtime.kafkaBootstrap(), topic)) {
      sent = producer.sendAll(statements.iterator(), progress::step);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    out.printf("  produced %d statements in %.1f s (%,.0f/s, simulation included)%n", sent, seconds, sent / seconds);
    return sent;
  }

  private java.util.stream.Stream<Keyed> cohort(long limit, String tenant) {
    return simulator(tenant).statements().limit(limit).map(s -> new Keyed(s.actorKey(), s.json()));
  }

  private CohortSimulator simulator(String tenant) {
    return new CohortSimulator(CohortSpec.demo().withTenant(tenant).withLearners(settings.learners())
        .withDays(settings.days()).withSections(Math.max(1, Math.min(40, settings.learners() / 25))));
  }

  private Configuration jobConfig(String topicPrefix) {
    Configuration config = new Configuration(base);
    config.set(PipelineOptions.TOPIC_PREFIX, topicPrefix);
    config.set(PipelineOptions.CONSUMER_GROUP, topicPrefix + "pipeline");
    config.set(PipelineOptions.TRANSACTIONAL_ID_PREFIX, topicPrefix + "tx");
    if (!base.contains(PipelineOptions.RESTART_ATTEMPTS)) {
      config.set(PipelineOptions.RESTART_ATTEMPTS, 0);
    }
    return config;
  }

  static StreamExecutionEnvironment environment(Configuration config) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    PipelineJob.configure(env, config);
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
    Configuration strict = new Configuration();
    strict.set(org.apache.flink.configuration.PipelineOptions.GENERIC_TYPES, false);
    // the default in-memory checkpoint storage refuses state above 5 MB: buffered responses exceed it
    strict.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    strict.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "learnstream-bench-checkpoints").toUri()
            .toString());
    env.configure(strict);
    return env;
  }

  static String database(LocalRuntime runtime, String name) {
    ClickHouseQueries.execute(runtime.clickHouseClient(), "DROP DATABASE IF EXISTS " + name);
    SchemaMigrations.apply(runtime.clickHouseClient(), name);
    return name;
  }

  private String database(String name) {
    return database(runtime, name);
  }

  private ClickHouseEndpoint endpoint(String database) {
    return runtime.clickHouse().withDatabase(database);
  }

  private static Double ratio(RowRate.Measured ours, RowRate.Measured yardstick) {
    return Math.round(ours.sustainedPerSecond() / yardstick.sustainedPerSecond() * 1000) / 1000.0;
  }
}
