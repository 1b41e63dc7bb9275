package org.learnstream.jobs.chaos;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.cluster.ClusterLayout;
import org.learnstream.jobs.cluster.ClusterUp;
import org.learnstream.jobs.cluster.LocalCluster;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.kafka.Topics;

/**
 * The chaos suite on the one-machine cluster: Flink's JobManager and two TaskManagers and three Kafka brokers as
 * processes of their own, the job submitted with Flink's client, writing to the suite's ClickHouse. Each scenario
 * streams its cohort on fresh topics and a fresh database while it injects its fault, and is compared with the
 * suite's clean MiniCluster run of that cohort: {@code cluster-clean} the demo's cohort, the failover scenarios the
 * suite's.
 */
public final class ClusterChaos implements AutoCloseable {

  private static final Duration COMPLETION_TIMEOUT = Duration.ofMinutes(6);
  private static final int PARALLELISM = 2;
  private static final int RESCALED = 4;

  private final ChaosSuite suite;
  private final LocalCluster cluster;
  private final Path flinkJar;
  private final StreamedCohort demo;
  private final Consumer<String> log;
  private final Thread stopOnExit;

  private ClusterChaos(ChaosSuite suite, LocalCluster cluster, Path flinkJar, StreamedCohort demo,
      Thread stopOnExit) {
    this.suite = suite;
    this.demo = demo;
    this.stopOnExit = stopOnExit;
    this.cluster = cluster;
    this.flinkJar = flinkJar;
    this.log = suite.log();
  }

  /**
   * Starts the cluster (free ports, state in the suite's work directory) on the suite's ClickHouse; {@code demo} is
   * the cohort {@code cluster-clean} streams.
   */
  public static ClusterChaos start(ChaosSuite suite, Path flinkJar, StreamedCohort demo) throws Exception {
    Path stateDir = suite.settings().workDir().resolve("cluster");
    ChaosSuite.deleteRecursively(stateDir);
    long t0 = System.nanoTime();
    ClusterUp.Started started = ClusterUp.up(new ClusterUp.Options(stateDir, true, suite.clickHouseUrl(), flinkJar,
        false), line -> suite.log().accept("cluster: " + line));
    Thread stopOnExit = new Thread(started.cluster()::stopAll, "chaos-cluster-down");
    Runtime.getRuntime().addShutdownHook(stopOnExit); // Ctrl-C on the suite leaves nothing running
    try {
      // the installation's own job is not part of the scenarios: each submits its own on its own topics
      started.cluster().client().cancel(started.jobId());
    } catch (RuntimeException | InterruptedException e) {
      started.cluster().stopAll();
      throw e;
    }
    suite.log().accept(String.format("cluster up in %.1f s", (System.nanoTime() - t0) / 1e9));
    return new ClusterChaos(suite, started.cluster(), flinkJar, demo, stopOnExit);
  }

  /** The cohort {@code scenario} streams: the demo's through the clean cluster, the suite's through a fault. */
  static StreamedCohort cohortOf(ClusterScenario scenario, StreamedCohort demo, ChaosSettings settings) {
    return scenario == ClusterScenario.CLUSTER_CLEAN ? demo : StreamedCohort.suite(settings);
  }

  /** The cohorts {@code scenarios} stream, each once: those whose clean runs the suite computes before the cluster. */
  public static List<StreamedCohort> cohortsOf(List<ClusterScenario> scenarios, StreamedCohort demo,
      ChaosSettings settings) {
    Map<String, StreamedCohort> byName = new LinkedHashMap<>();
    scenarios.forEach(s -> byName.putIfAbsent(cohortOf(s, demo, settings).name(), cohortOf(s, demo, settings)));
    return List.copyOf(byName.values());
  }

  public ScenarioResult run(ClusterScenario scenario, int iteration) throws Exception {
    StreamedCohort cohort = cohortOf(scenario, demo, suite.settings());
    ChaosSuite.Expected expected = suite.expected(cohort);
    long eventsIn = cohort.wellFormed();
    long t0 = System.nanoTime();
    ClusterLayout layout = cluster.layout();
    ChaosSuite.Run run = suite.prepare(scenario.label() + "-" + iteration, layout.bootstrapServers());
    Random random = new Random(suite.settings().seed() * 31 + iteration * 7L + scenario.ordinal());
    Projections out = new Projections(suite.client(), run.database, cohort.tenant(),
        new LearnerNames(jobSettings(layout), cohort));
    // a fault needs a stream still flowing when it strikes; without one the cohort is sent as fast as Kafka takes it
    int pace = scenario == ClusterScenario.CLUSTER_CLEAN ? Integer.MAX_VALUE : suite.settings().statementsPerSecond();
    log.accept("  streaming " + cohort.description());
    Job job = new Job(submit(run, PARALLELISM, null));
    double recovery = 0;
    try (SteadyProducer producer = new SteadyProducer(layout.bootstrapServers(), run.prefix + Topics.XAPI_STATEMENTS)) {
      producer.start(cohort.iterator(), pace);
      recovery = inject(scenario, run, job, producer, out, random);
      producer.awaitAllAcknowledged(); // the malformed statements among them end as dead letters, not as events
      await("every well-formed statement in learning_events", () -> out.eventsFinal() >= eventsIn, job);
      log.accept(String.format("  %d statements in learning_events after %.1f s", eventsIn,
          (System.nanoTime() - t0) / 1e9));
      producer.sendFlush(ChaosSuite.flushStatements(suite.settings(), cohort));
      await("mastery equal to the clean run's", () -> out.masteryFinal() >= expected.mastery().size()
          && Projections.differences(expected.mastery(), out.masteryRows()) == 0
          && Projections.differences(expected.current(), out.currentRows()) == 0, job);
    }
    long distinct = out.distinctStatements();
    long finalRows = out.eventsFinal();
    List<String> mastery = out.masteryRows();
    long differences = Projections.differences(expected.mastery(), mastery)
        + Projections.differences(expected.current(), out.currentRows());
    // a restore repeats inserts, which the daily means count: only the run without faults compares every table
    long tables = scenario == ClusterScenario.CLUSTER_CLEAN
        ? out.tableDifferences(expected.tables(), log)
        : ScenarioResult.NOT_COMPARED;
    Set<String> landed = out.landedStatementIds();
    EventLogCount.Committed eventLog = EventLogCount.committedOnceLanded(layout.bootstrapServers(),
        run.prefix + Topics.LEARNING_EVENTS, landed, log);
    if (cluster.rest().activeJobs().contains(job.id)) {
      cluster.client().cancel(job.id);
    }
    ScenarioResult result = new ScenarioResult(scenario.label(), iteration, eventsIn, finalRows, eventsIn - distinct,
        finalRows - distinct, out.eventsRaw() - finalRows, mastery.size(), differences, eventLog.records(),
        eventLog.missingOf(landed), tables, recovery,
        (System.nanoTime() - t0) / 1e9, cohort.name(), cohort.sent());
    if (result.passed()) {
      ClickHouseQueries.execute(suite.client(), "DROP DATABASE IF EXISTS " + run.database);
    } else {
      log.accept("kept for inspection: database " + run.database + ", logs in " + layout.logDir());
    }
    return result;
  }

  /** The settings of the cluster's jobs, as far as they choose pseudonyms: their records' database. */
  private static Configuration jobSettings(ClusterLayout layout) {
    Configuration settings = new Configuration();
    settings.set(RuntimeOptions.DATA_DIR, ClusterUp.dataDir(layout).toAbsolutePath().toString());
    return settings;
  }

  /** The job a scenario runs; a rescale replaces it with the one started from the savepoint. */
  private static final class Job {
    String id;

    Job(String id) {
      this.id = id;
    }
  }

  private double inject(ClusterScenario scenario, ChaosSuite.Run run, Job job, SteadyProducer producer,
      Projections out, Random random) throws Exception {
    if (scenario == ClusterScenario.CLUSTER_CLEAN) {
      return 0;
    }
    await("a first checkpoint", () -> cluster.rest().completedCheckpoints(job.id) > 0, job);
    Thread.sleep(2_000 + random.nextInt(4_000)); // a random moment in the stream
    long before = producer.acknowledged();
    long t0 = System.nanoTime();
    switch (scenario) {
      case TASKMANAGER_KILL -> {
        int index = 1 + random.nextInt(ClusterLayout.TASK_MANAGERS);
        cluster.killTaskManager(index);
        log.accept("  " + LocalCluster.taskManagerName(index) + " killed with SIGKILL after " + before
            + " statements acknowledged; starting it again");
        cluster.startTaskManager(index);
        cluster.awaitJobRunning(job.id);
        log.accept(String.format("  job running again after %.1f s", (System.nanoTime() - t0) / 1e9));
      }
      case BROKER_KILL -> {
        int node = 1 + random.nextInt(ClusterLayout.BROKERS);
        cluster.killBroker(node);
        log.accept("  " + LocalCluster.brokerName(node) + " killed with SIGKILL after " + before
            + " statements acknowledged");
        double seconds = catchUp(before, out, job, t0);
        Thread.sleep(5_000); // the stream goes on a while on two brokers before the third comes back
        cluster.startBroker(node);
        cluster.awaitBrokers(ClusterLayout.BROKERS);
        log.accept("  " + LocalCluster.brokerName(node) + " back");
        return seconds;
      }
      case RESCALE -> {
        String savepoint = cluster.client().stopWithSavepoint(job.id, run.dir.resolve("savepoints"));
        log.accept("  stopped with a savepoint at parallelism " + PARALLELISM + " after " + before
            + " statements acknowledged; starting at parallelism " + RESCALED);
        job.id = submit(run, RESCALED, savepoint);
        List<Integer> parallelisms = cluster.rest().parallelisms(job.id);
        if (!parallelisms.contains(RESCALED)) {
          throw new IllegalStateException("the restarted job runs at " + parallelisms + ", not " + RESCALED);
        }
      }
      default -> throw new IllegalStateException("no fault for " + scenario);
    }
    return catchUp(before, out, job, t0);
  }

  /** Seconds from {@code t0} until every statement acknowledged before the fault is in learning_events. */
  private double catchUp(long acknowledgedBefore, Projections out, Job job, long t0) {
    await("the statements acknowledged before the fault", () -> out.eventsFinal() >= acknowledgedBefore, job);
    double seconds = (System.nanoTime() - t0) / 1e9;
    log.accept(String.format("  caught up in %.1f s", seconds));
    return seconds;
  }

  private String submit(ChaosSuite.Run run, int parallelism, String savepoint) throws InterruptedException,
      IOException {
    List<String> lines = new ArrayList<>(ClusterUp.settings(cluster.layout(), run.prefix, parallelism));
    lines.add("clickhouse.database: \"" + run.database + "\"");
    lines.add("pipeline.checkpoint-interval: 2s");
    lines.add("pipeline.max-out-of-orderness: " + ChaosSettings.OUT_OF_ORDERNESS.toDays() + "d");
    lines.add("pipeline.source-idleness: " + ChaosSettings.OUT_OF_ORDERNESS.toDays() + "d");
    lines.add("pipeline.state-backend: " + suite.settings().stateBackend());
    lines.add("mastery.max-hold: 0s");
    Path settings = run.dir.resolve("cluster-p" + parallelism + ".yaml");
    java.nio.file.Files.write(settings, lines);
    String id = cluster.client().run(flinkJar, settings, savepoint);
    cluster.awaitJobRunning(id);
    return id;
  }

  /** Polls {@code done} until it holds; a failed job, or the deadline, ends the wait with what is missing. */
  private void await(String what, BooleanSupplier done, Job job) {
    long deadline = System.nanoTime() + COMPLETION_TIMEOUT.toNanos();
    while (!done.getAsBoolean()) {
      String state = cluster.rest().jobState(job.id).orElse("unknown");
      if (List.of("FAILED", "CANCELED", "FINISHED").contains(state)) {
        throw new IllegalStateException("job " + job.id + " is " + state + " while waiting for " + what
            + "; see " + cluster.layout().logDir());
      }
      if (System.nanoTime() > deadline) {
        log.accept("still waiting for " + what + " after " + COMPLETION_TIMEOUT.toSeconds() + " s; comparing what "
            + "landed");
        return;
      }
      try {
        Thread.sleep(500); // poll interval
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }

  /** Stops every process of the cluster; none is left running. */
  @Override
  public void close() {
    Runtime.getRuntime().removeShutdownHook(stopOnExit);
    List<String> stopped = cluster.stopAll();
    log.accept("cluster down: " + stopped.size() + " processes stopped, none left running");
  }
}
