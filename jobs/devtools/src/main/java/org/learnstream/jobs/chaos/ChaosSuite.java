package org.learnstream.jobs.chaos;

import com.clickhouse.client.api.Client;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;
import org.learnstream.jobs.pipeline.PipelineJob;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.jobs.replay.Replay;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.SchemaMigrations;
import org.learnstream.pipeline.kafka.TopicAdmin;
import org.learnstream.pipeline.kafka.TopicSpec;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.local.LocalClickHouse;
import org.learnstream.pipeline.local.LocalClickHouseSettings;
import org.learnstream.pipeline.local.LocalKafka;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.LearnerTruth;
import org.learnstream.pipeline.simulate.SimulatedStatement;

/**
 * Starts a Kafka broker and a ClickHouse server it controls, computes the expected projections with a clean bounded
 * run of the cohort, then runs scenarios: each streams the same cohort through a live pipeline in a child JVM while
 * faults are injected, waits until the output is complete and compares it with the clean run.
 */
public final class ChaosSuite implements AutoCloseable {

  private static final int PARTITIONS = 4;
  private static final Duration COMPLETION_TIMEOUT = Duration.ofMinutes(6);

  private final ChaosSettings settings;
  private final Consumer<String> log;
  private final LocalKafka kafka;
  private final LocalClickHouse clickHouse;
  private final Client client;
  private final AtomicInteger runs = new AtomicInteger();
  private final Map<String, Expected> references = new HashMap<>();
  private Map<Long, Long> lastWriterSchemas = Map.of();

  private ChaosSuite(ChaosSettings settings, Consumer<String> log, LocalKafka kafka, LocalClickHouse clickHouse) {
    this.settings = settings;
    this.log = log;
    this.kafka = kafka;
    this.clickHouse = clickHouse;
    this.client = ClickHouseClients.create(ClickHouseEndpoint.withoutPassword(clickHouse.httpUrl(), "default"));
  }

  /** Starts the services and runs the clean reference of the suite's cohort. */
  public static ChaosSuite start(ChaosSettings settings, Consumer<String> log) throws Exception {
    return start(settings, log, List.of(StreamedCohort.suite(settings)));
  }

  /**
   * Starts the services and runs the clean reference of each of {@code cohorts} now, before anything else takes the
   * machine's memory (a cluster); a cohort asked for later gets its reference then.
   */
  public static ChaosSuite start(ChaosSettings settings, Consumer<String> log, List<StreamedCohort> cohorts)
      throws Exception {
    cohorts.forEach(cohort -> flushStatements(settings, cohort));
    Files.createDirectories(settings.workDir());
    deleteRecursively(settings.workDir().resolve("kafka")); // a kept broker would bring old topics back
    deleteRecursively(settings.workDir().resolve("clickhouse"));
    LocalKafka kafka = LocalKafka.builder().dataDir(settings.workDir().resolve("kafka")).start();
    LocalClickHouse clickHouse;
    try {
      clickHouse = LocalClickHouse.start(LocalClickHouseSettings.defaults()
          .withBaseDir(settings.workDir().resolve("clickhouse")).withKeepData(false));
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    ChaosSuite suite = new ChaosSuite(settings, log, kafka, clickHouse);
    try {
      for (StreamedCohort cohort : cohorts) {
        suite.expected(cohort);
      }
      return suite;
    } catch (Exception e) {
      suite.close();
      throw e;
    }
  }

  /** The expected projections: the cohort sent in full, then one bounded job over it without faults. */
  private Expected runCleanReference(StreamedCohort cohort) throws Exception {
    long t0 = System.nanoTime();
    Run run = prepare("clean-" + cohort.name());
    try (SteadyProducer producer = new SteadyProducer(kafka.bootstrapServers(), run.prefix + Topics.XAPI_STATEMENTS)) {
      producer.start(cohort.iterator(), Integer.MAX_VALUE);
      producer.awaitAllAcknowledged(); // no flush statement: the end of the bounded input emits everything
    }
    Configuration config = run.pipelineSettings();
    config.set(PipelineOptions.RESTART_ATTEMPTS, 0);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    PipelineJob.configure(env, config);
    PipelineJob.wire(env, config, kafka.bootstrapServers(),
        ClickHouseEndpoint.withoutPassword(clickHouse.httpUrl(), run.database), true);
    env.execute("learnstream-chaos-clean");
    deleteRecursively(run.dir.resolve("checkpoints"));
    Projections clean = new Projections(client, run.database, cohort.tenant(),
        new LearnerNames(run.pipelineSettings(), cohort));
    Expected expected = new Expected(clean.masteryRows(), clean.currentRows(), clean.everyProjection());
    log.accept(String.format("clean run of %s -> %d events, %d mastery updates (%.1f s)", cohort.description(),
        clean.eventsFinal(), expected.mastery().size(), (System.nanoTime() - t0) / 1e9));
    return expected;
  }

  /** Runs one scenario on fresh topics, database and checkpoint directory; {@code iteration} also seeds its timing. */
  public ScenarioResult run(Scenario scenario, int iteration) throws Exception {
    return run(scenario, iteration, null);
  }

  /**
   * Stops the runner with a savepoint mid-stream and starts it again on an upgraded build: {@code upgradedClasses}
   * first on its classpath. Afterwards {@link #lastEventLogWriterSchemas()} tells which schemas wrote the event log.
   */
  public ScenarioResult runUpgrade(Path upgradedClasses, int iteration) throws Exception {
    return run(Scenario.SAVEPOINT_RESTART, iteration, upgradedClasses);
  }

  ChaosSettings settings() {
    return settings;
  }

  Consumer<String> log() {
    return log;
  }

  Client client() {
    return client;
  }

  String clickHouseUrl() {
    return clickHouse.httpUrl();
  }

  /** What a run of {@code cohort} must give: mastery history, current estimates and every table, from its clean run. */
  Expected expected(StreamedCohort cohort) throws Exception {
    Expected expected = references.get(cohort.name());
    if (expected == null) {
      expected = runCleanReference(cohort);
      references.put(cohort.name(), expected);
    }
    return expected;
  }

  record Expected(List<String> mastery, List<String> current, Map<String, List<String>> tables) {
  }

  /** Records of the last run's learning.events by the fingerprint of the schema that wrote them. */
  public Map<Long, Long> lastEventLogWriterSchemas() {
    return lastWriterSchemas;
  }

  private ScenarioResult run(Scenario scenario, int iteration, Path upgradedClasses) throws Exception {
    StreamedCohort cohort = StreamedCohort.suite(settings);
    LearnerTruth erased = scenario == Scenario.ERASE_DURING_KILL
        ? ErasureDuringKill.learnerOf(cohort, settings.seed())
        : null;
    // an erased learner leaves the rest as if they had never sent anything: a clean run without them
    StreamedCohort remaining = erased == null ? cohort : cohort.without(erased);
    Expected expected = expected(remaining);
    long t0 = System.nanoTime();
    Run run = prepare(scenario.label() + "-" + iteration);
    Random random = new Random(settings.seed() * 31 + iteration * 7L + scenario.ordinal());
    RunServices services = scenario.embeddedRuntime()
        ? RunServices.embeddedIn(run.dir.resolve("runtime"))
        : RunServices.given(kafka.bootstrapServers(), clickHouse.httpUrl());
    Client runClient = services.embedded()
        ? ClickHouseClients.create(ClickHouseEndpoint.withoutPassword(services.clickHouseUrl(), run.database))
        : client;
    Path config = run.writeConfig(services);
    LearnerNames names = new LearnerNames(run.runnerJobSettings(services), cohort);
    ErasureDuringKill erasure = erased == null
        ? null
        : new ErasureDuringKill(cohort, erased, services.bootstrap(), run.prefix,
            run.pipelineSettings().get(PipelineOptions.CONSUMER_GROUP), config, run.dir.resolve("erase.log"), names);
    Projections out = new Projections(runClient, run.database, cohort.tenant(), names,
        erasure == null ? () -> null : erasure::pseudonym);
    double recovery;
    long acceptedButLost = 0;
    long eventsIn = remaining.wellFormed();
    long learnerRows = 0;
    ErasureOutcome erasureOutcome = null;
    long distinct;
    long finalRows;
    long repeats;
    List<String> mastery;
    long differences;
    long tableDifferences = ScenarioResult.NOT_COMPARED;
    long eventLogMissing;
    boolean viaIngest = scenario == Scenario.INGEST_RESTART;
    try (RunnerProcess runner = new RunnerProcess(config, run.dir.resolve("runner.log"));
        SteadyProducer producer = new SteadyProducer(services.bootstrap(), run.prefix + Topics.XAPI_STATEMENTS);
        IngestServerProcess ingest = viaIngest
            ? IngestServerProcess.prepare(config, run.dir, run.prefix + "ingest")
            : null;
        IngestLoad clients = viaIngest ? new IngestLoad(ingest.baseUrl(), ingest.secret(), run.dir) : null) {
      runner.start();
      StatementStream stream;
      if (viaIngest) {
        ingest.start();
        clients.start(new CohortSimulator(settings.cohort()).iterator(), settings.statementsPerSecond());
        stream = clients;
      } else {
        if (services.embedded()) {
          services.awaitTopic(run.prefix + Topics.XAPI_STATEMENTS, runner);
        }
        producer.start(erasure == null ? cohort.iterator() : erasure.statements(), settings.statementsPerSecond());
        stream = producer;
      }
      Faults faults = new Faults(settings, kafka, clickHouse, runner, ingest, stream, out, random,
          run.dir.resolve("checkpoints"), log).upgradingTo(upgradedClasses).erasing(erasure);
      recovery = faults.inject(scenario);
      if (erasure != null) {
        erasure.awaitErase(); // the call started before the kill
      }
      long sent = stream.awaitAllAcknowledged();
      long sentOfOthers = sent - (erasure == null ? 0 : erasure.learnerStatementsAmongFirst(sent));
      await(() -> out.eventsFinal() >= sentOfOthers, runner);
      producer.sendFlush(flushStatements(settings, cohort)); // straight to every partition: the harness's device, not a client's
      // a correction (a void) re-emits rows after their count is complete, and the mastery sinks' subtasks insert
      // at their own checkpoints: wait until the rows settle on the clean run's, or the deadline (then the
      // comparison below shows what differs)
      await(() -> out.masteryFinal() >= expected.mastery().size()
          && Projections.differences(expected.mastery(), out.masteryRows()) == 0
          && Projections.differences(expected.current(), out.currentRows()) == 0, runner);
      if (viaIngest) {
        acceptedButLost = out.missingStatements(clients.acceptedIds());
        log.accept("  " + clients.acceptedIds().size() + " statements answered 200 (" + clients.unavailableAnswers()
            + " batches met 503 or a connection error and were retried), " + acceptedButLost
            + " of them missing from learning_events");
      }
      // measured while the runner runs: in runtime-restart and runtime-kill its services stop with it
      distinct = out.distinctStatements();
      finalRows = out.eventsFinal();
      repeats = out.eventsRaw() - finalRows;
      mastery = out.masteryRows();
      differences = Projections.differences(expected.mastery(), mastery)
          + Projections.differences(expected.current(), out.currentRows());
      Set<String> landed = out.landedStatementIds();
      EventLogCount.Committed eventLog = EventLogCount.committedOnceLanded(services.bootstrap(),
          run.prefix + Topics.LEARNING_EVENTS, landed, log);
      lastWriterSchemas = eventLog.bySchema();
      eventLogMissing = eventLog.missingOf(landed);
      if (erasure != null) {
        learnerRows = erasure.learnerRows(client, run.database); // the job has finished the cohort
      }
      if (scenario == Scenario.RUNTIME_RESTART) {
        tableDifferences = out.tableDifferences(expected.tables(), log);
        runner.stop(Duration.ofMinutes(3));
      } else if (scenario == Scenario.REPLAY_AFTER_KILL || erasure != null) {
        runner.stop(Duration.ofMinutes(3));
        tableDifferences = replayAndCompare(run, services, out, expected);
      }
      if (erasure != null) {
        learnerRows += erasure.learnerRows(client, run.database); // a replay must not bring the learner back
        erasureOutcome = erasure.outcome(client, run.database, learnerRows);
      }
    } finally {
      if (erasure != null) {
        erasure.close();
      }
      if (services.embedded()) {
        runClient.close();
        LocalClickHouse.stopOrphan(services.runtimeDir().resolve("clickhouse")); // the runner was killed, not stopped
      }
    }
    ScenarioResult result = new ScenarioResult(scenario.label(), iteration, eventsIn, finalRows,
        Math.max(eventsIn - distinct, acceptedButLost), finalRows - distinct, repeats, mastery.size(), differences,
        EventLogCount.committedRecords(lastWriterSchemas), eventLogMissing, tableDifferences, recovery,
        (System.nanoTime() - t0) / 1e9,
        cohort.name(), cohort.sent(), erasureOutcome);
    if (result.passed()) {
      ClickHouseQueries.execute(client, "DROP DATABASE IF EXISTS " + run.database);
      deleteRecursively(run.dir.resolve("checkpoints"));
      deleteRecursively(run.dir.resolve("runtime"));
    } else {
      log.accept("kept for inspection: database " + run.database + ", " + run.dir);
    }
    return result;
  }

  /**
   * Replays the run's event log into its database, as {@code learnstream replay} does with the runner's settings (its
   * learner records open the log's sealed text); then compares every table.
   */
  private long replayAndCompare(Run run, RunServices services, Projections out, Expected expected) throws Exception {
    long t0 = System.nanoTime();
    Replay.Result replay = Replay.run(run.runnerJobSettings(services), kafka.bootstrapServers(),
        ClickHouseEndpoint.withoutPassword(clickHouse.httpUrl(), run.database), client, Replay.Allowances.NONE,
        Replay.Progress.SILENT);
    ClickHouseQueries.execute(client, "DROP DATABASE IF EXISTS " + replay.backupDatabase());
    log.accept(String.format("  replayed %d events into %d tables in %.1f s", replay.eventRows(),
        replay.tables().size(), (System.nanoTime() - t0) / 1e9));
    return out.tableDifferences(expected.tables(), log);
  }

  /** Polls until {@code done} holds, or the deadline passes (then the comparison shows what is missing). */
  private void await(java.util.function.BooleanSupplier done, RunnerProcess runner) throws InterruptedException {
    long deadline = System.nanoTime() + COMPLETION_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!runner.isAlive()) {
        throw new IllegalStateException("the job runner exited on its own; see " + runner.log());
      }
      if (done.getAsBoolean()) {
        return;
      }
      Thread.sleep(500); // poll interval
    }
    log.accept("output still incomplete after " + COMPLETION_TIMEOUT.toSeconds() + " s; comparing what landed");
  }

  /**
   * The flush statement; its event time minus the watermark delay lies after {@code cohort}'s last statement, else
   * this says so (checked when the suite starts, before anything is streamed).
   */
  static List<SimulatedStatement> flushStatements(ChaosSettings settings, StreamedCohort cohort) {
    List<SimulatedStatement> flush = new CohortSimulator(settings.flushCohort()).statements().limit(1).toList();
    if (flush.isEmpty() || flush.get(0).timestamp().minus(ChaosSettings.OUT_OF_ORDERNESS).isBefore(cohort.end())) {
      throw new IllegalArgumentException("the flush cohort must yield a statement later than the end of "
          + cohort.description() + " plus the watermark delay (" + ChaosSettings.OUT_OF_ORDERNESS.toDays()
          + " days); stream fewer days");
    }
    return flush;
  }

  private Run prepare(String name) throws IOException {
    return prepare(name, kafka.bootstrapServers());
  }

  /** A run's own topics on the Kafka at {@code bootstrap}, its fresh database and its directory. */
  Run prepare(String name, String bootstrap) throws IOException {
    int n = runs.incrementAndGet();
    Run run = new Run("chaos" + n + ".", "chaos_" + n + "_" + name.replace('-', '_'), settings.workDir().resolve(name));
    deleteRecursively(run.dir);
    Files.createDirectories(run.dir);
    TopicAdmin.ensure(bootstrap, Topics.defaults(PARTITIONS).stream()
        .map(t -> new TopicSpec(run.prefix + t.name(), t.partitions(), t.compacted(), t.retention())).toList());
    ClickHouseQueries.execute(client, "DROP DATABASE IF EXISTS " + run.database);
    SchemaMigrations.apply(client, run.database);
    return run;
  }

  /** One pipeline run's own topics, consumer group, transactional ids, database and checkpoint directory. */
  final class Run {
    final String prefix;
    final String database;
    final Path dir;

    Run(String prefix, String database, Path dir) {
      this.prefix = prefix;
      this.database = database;
      this.dir = dir;
    }

    Configuration pipelineSettings() {
      Configuration c = new Configuration();
      c.set(PipelineOptions.TOPIC_PREFIX, prefix);
      c.set(PipelineOptions.CONSUMER_GROUP, prefix + "pipeline");
      c.set(PipelineOptions.TRANSACTIONAL_ID_PREFIX, prefix + "tx");
      c.set(PipelineOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(2));
      c.set(PipelineOptions.PARALLELISM, 2);
      c.set(PipelineOptions.OUT_OF_ORDERNESS, ChaosSettings.OUT_OF_ORDERNESS);
      c.set(PipelineOptions.SOURCE_IDLENESS, ChaosSettings.OUT_OF_ORDERNESS);
      // answers wait for the flush's watermark, not for quiet moments: a fault stalls the operator longer than the
      // hold, and answers released then ahead of older ones re-emit corrections, which the daily aggregates that
      // average over every inserted row (mean P(L)) count, so no faulted run could equal the clean one table by table
      c.set(PipelineOptions.MASTERY_MAX_HOLD, Duration.ZERO);
      // on disk: the JobManager's memory takes at most 5 MB of state, less than the full cohort's
      c.set(PipelineOptions.CHECKPOINT_DIR, dir.resolve("checkpoints").toAbsolutePath().toString());
      return c;
    }

    /** The runner's data directory, where its job keeps the learner records. */
    Path dataDir(RunServices services) {
      return services.embedded() ? services.runtimeDir() : dir;
    }

    /** The settings the runner's job runs with, as far as they choose its pseudonyms: its records' database. */
    Configuration runnerJobSettings(RunServices services) {
      Configuration c = pipelineSettings();
      c.set(RuntimeOptions.DATA_DIR, dataDir(services).toAbsolutePath().toString());
      return c;
    }

    /**
     * The runner's settings file; every address is here, no secret is. Embedded services are left unset: the
     * runner starts them in their runtime directory.
     */
    Path writeConfig(RunServices services) throws IOException {
      List<String> lines = new ArrayList<>();
      if (!services.embedded()) {
        lines.add("kafka.bootstrap-servers: \"" + services.bootstrap() + "\"");
        lines.add("clickhouse.url: \"" + services.clickHouseUrl() + "\"");
      }
      lines.add("kafka.partitions: " + PARTITIONS);
      lines.add("clickhouse.database: \"" + database + "\"");
      // the same pipeline settings as the clean run and replay: a runner without mastery.max-hold 0 releases held
      // answers when a fault stalls its input, and its corrections make it differ from the clean run
      lines.addAll(settingsFileLines(pipelineSettings()));
      lines.add("pipeline.state-backend: " + settings.stateBackend());
      lines.add("runtime.data-dir: \"" + dataDir(services).toAbsolutePath() + "\"");
      // any free port: runners of suites run side by side must not compete for the default one
      lines.add("metrics.port: 0");
      String yaml = String.join("\n", lines) + "\n";
      Path file = dir.resolve("runner.yaml");
      Files.writeString(file, yaml);
      return file;
    }
  }

  /** {@code settings} as lines of a settings file, in the text that the settings loader reads back. */
  static List<String> settingsFileLines(Configuration settings) {
    List<String> lines = new ArrayList<>();
    new TreeMap<>(settings.toMap()).forEach((key, value) -> lines.add(key + ": \"" + value + "\""));
    return lines;
  }

  /**
   * Removes {@code dir} and everything in it. Flink's own deletion, which takes files that go meanwhile in its stride:
   * a finished job's checkpoint coordinator may still be discarding a subsumed checkpoint under {@code dir}.
   */
  public static void deleteRecursively(Path dir) {
    try {
      FileUtils.deleteDirectory(dir.toFile());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot remove " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    client.close();
    clickHouse.close();
    kafka.close();
  }
}
