package org.learnstream.jobs.devtools;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.learnstream.jobs.chaos.ChaosSettings;
import org.learnstream.jobs.chaos.ClusterChaos;
import org.learnstream.jobs.chaos.ClusterScenario;
import org.learnstream.jobs.cluster.ClusterUp;
import org.learnstream.jobs.chaos.ChaosSuite;
import org.learnstream.jobs.chaos.Scenario;
import org.learnstream.jobs.chaos.ScenarioResult;
import org.learnstream.jobs.chaos.StreamedCohort;
import org.learnstream.pipeline.simulate.CohortSpec;
import org.learnstream.pipeline.simulate.DemoCohort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The fault-injection suite: recovery from crashes, outages and restarts with nothing lost and nothing doubled. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
    description = {"Stream a seeded cohort through a live pipeline (in a child JVM) while killing the job "
        + "runner, restarting Kafka, stopping ClickHouse, stopping with a savepoint and restarting the "
        + "ingest server under load, or killing the runner while an erasure waits for it (erase-during-kill); "
        + "compare the ClickHouse projections with a clean run's.",
        "Prints one line per scenario run; exit code 1 when any lost, doubled or changed a row."})
final class ChaosCommand implements Callable<Integer> {

  @Option(names = "--quick",
      description = "Smaller cohort, 2 job kills, a 15 s ClickHouse outage instead of 60 s, heap state (CI).")
  boolean quick;

  @Option(names = {"--repeat", "--iterations"}, paramLabel = "N", defaultValue = "1",
      description = "Runs of each scenario in a row (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--scenario", split = ",", paramLabel = "NAME",
      description = "Scenarios to run (default: all): job-kill, kafka-restart, clickhouse-outage, savepoint-restart "
          + "(not in --quick unless named), ingest-restart, runtime-restart, runtime-kill, replay-after-kill, "
          + "erase-during-kill (not in --quick unless named).")
  List<String> scenarios;

  @Option(names = "--cluster",
      description = "Run the cluster scenarios instead, on a Flink session cluster (a JobManager, two TaskManagers) "
          + "and three Kafka brokers started as separate processes: cluster-clean (the demo's cohort, compared with a "
          + "MiniCluster run of it table by table), taskmanager-kill, broker-kill, rescale (with --quick: "
          + "cluster-clean only, for CI).")
  boolean cluster;

  @Option(names = "--flink-jar", paramLabel = "JAR",
      description = "The -flink.jar the cluster runs (default: the one the build leaves in jobs/flink-job/target).")
  Path flinkJar;

  @Option(names = "--seed", description = "Seed of the cohorts (default: the suite's; the demo's for the demo cohort).")
  Long seed;

  @Option(names = "--demo-learners", paramLabel = "N",
      description = "Learners of the demo cohort that cluster-clean streams (default: the demo's 200; "
          + ChaosSettings.QUICK_DEMO_LEARNERS + " with --quick).")
  Integer demoLearners;

  @Option(names = "--demo-days", paramLabel = "N",
      description = "Days of the demo cohort that cluster-clean streams (default: the demo's 14).")
  Integer demoDays;

  @Option(names = "--state-backend", description = "hashmap or rocksdb (default: rocksdb, hashmap with --quick).")
  String stateBackend;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Where services, checkpoints and logs go, kept after the run (default: a temporary directory, "
          + "removed when every run passed).")
  Path workDir;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    if (iterations < 1) {
      throw new IllegalArgumentException("--repeat must be at least 1, not " + iterations);
    }
    Path dir = workDir != null ? workDir.toAbsolutePath() : Files.createTempDirectory("learnstream-chaos-");
    ChaosSettings settings = quick ? ChaosSettings.quick(dir) : ChaosSettings.full(dir);
    if (seed != null) {
      settings = settings.withSeed(seed);
    }
    if (stateBackend != null) {
      settings = settings.withStateBackend(stateBackend);
    }
    long t0 = System.nanoTime();
    List<String> labels = chosenLabels();
    StreamedCohort demo = StreamedCohort.demo(demoCohort());
    List<StreamedCohort> references = cluster
        ? ClusterChaos.cohortsOf(labels.stream().map(ClusterScenario::of).toList(), demo, settings)
        : List.of(StreamedCohort.suite(settings));
    List<ScenarioResult> results = new ArrayList<>();
    int failures = 0;
    try (ChaosSuite suite = ChaosSuite.start(settings, line -> out.println("chaos: " + line), references);
        ClusterChaos onCluster = cluster ? ClusterChaos.start(suite, clusterJar(), demo) : null) {
      for (String label : labels) {
        for (int i = 1; i <= iterations; i++) {
          out.println("chaos: " + label + " run " + i + "/" + iterations);
          try {
            ScenarioResult result = cluster
                ? onCluster.run(ClusterScenario.of(label), i)
                : suite.run(Scenario.of(label), i);
            results.add(result);
            out.println(result.line());
          } catch (Exception e) {
            failures++;
            out.println("scenario=" + label + " FAIL " + e.getMessage());
          }
        }
      }
    }
    for (String label : labels) {
      List<ScenarioResult> runs = results.stream().filter(r -> r.scenario().equals(label)).toList();
      out.printf(Locale.ROOT, "chaos: %s passed %d of %d runs, %.0f s in all, recovery_s max %.1f%n",
          label, runs.stream().filter(ScenarioResult::passed).count(), iterations,
          runs.stream().mapToDouble(ScenarioResult::totalSeconds).sum(),
          runs.stream().mapToDouble(ScenarioResult::recoverySeconds).max().orElse(0));
    }
    long failed = failures + results.stream().filter(r -> !r.passed()).count();
    // a temporary work dir holds the services' data and logs: kept when a run failed, to be read; else removed
    boolean removed = failed == 0 && workDir == null;
    if (removed) {
      ChaosSuite.deleteRecursively(dir);
    }
    out.printf(Locale.ROOT, "chaos: %d scenario runs in %.0f s (work dir %s%s)%n", results.size() + failures,
        (System.nanoTime() - t0) / 1e9, dir, removed ? ", removed: every run passed" : "");
    out.printf("chaos: %d passed, %d failed%n", results.size() + failures - failed, failed);
    return failed == 0 ? 0 : 1;
  }

  /** The scenarios asked for, each checked against the known ones of the chosen suite. */
  private List<String> chosenLabels() {
    if (scenarios != null) {
      scenarios.forEach(label -> {
        if (cluster) {
          ClusterScenario.of(label);
        } else {
          Scenario.of(label);
        }
      });
      return scenarios;
    }
    if (!cluster) {
      return Arrays.stream(Scenario.values()).filter(s -> !quick || s.inQuickSuite()).map(Scenario::label).toList();
    }
    List<ClusterScenario> all = quick
        ? List.of(ClusterScenario.CLUSTER_CLEAN)
        : List.of(ClusterScenario.values());
    return all.stream().map(ClusterScenario::label).toList();
  }

  /** The demo's own cohort (fewer learners with --quick), resized by --demo-learners and --demo-days, reseeded by --seed. */
  DemoCohort demoCohort() {
    CohortSpec defaults = DemoCohort.defaults().spec();
    int learners = quick ? ChaosSettings.QUICK_DEMO_LEARNERS : defaults.learners();
    return DemoCohort.of(seed != null ? seed : defaults.seed(), demoLearners != null ? demoLearners : learners,
        demoDays != null ? demoDays : defaults.days());
  }

  private Path clusterJar() {
    return flinkJar != null
        ? flinkJar
        : ClusterUp.builtFlinkJar(Path.of("")).orElse(
            Path.of("jobs/flink-job/target/learnstream-flink-job-VERSION-flink.jar"));
  }
}
