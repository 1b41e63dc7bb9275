package org.learnstream.jobs.devtools;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.learnstream.jobs.cluster.ClusterLayout;
import org.learnstream.jobs.cluster.ClusterProcesses;
import org.learnstream.jobs.cluster.ClusterUp;
import org.learnstream.jobs.cluster.FlinkRest;
import org.learnstream.jobs.cluster.LocalCluster;
import org.learnstream.jobs.cluster.ClusterCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The one-machine cluster: Flink, Kafka and ClickHouse as separate processes, the pipeline submitted to Flink. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = {"Run Learnstream on this machine as a district runs it on several: a Flink session cluster "
        + "(a JobManager and two TaskManagers), three Kafka brokers, ClickHouse, the pipeline submitted with Flink's "
        + "client, and the xAPI endpoint and the notifier on the same settings.",
        "Each is a process of its own, recorded in the state directory."},
    subcommands = {ClusterCommand.Up.class, ClusterCommand.Status.class, ClusterCommand.Down.class})
final class ClusterCommand implements Runnable {

  static final Path DEFAULT_STATE_DIR = Path.of(System.getProperty("java.io.tmpdir"), "learnstream-cluster");

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** Where a cluster keeps its configuration, data, checkpoints, logs and process ids. */
  static final class StateDir {
    @Option(names = "--state-dir", paramLabel = "DIR",
        description = "Configuration, data, checkpoints, logs and process ids of the cluster (default: "
            + "${DEFAULT-VALUE}).")
    Path dir = DEFAULT_STATE_DIR;

    Path path() {
      return dir.toAbsolutePath();
    }
  }

  /** Starts every process and prints the addresses. */
  @Command(name = "up", mixinStandardHelpOptions = true,
      description = {"Start ClickHouse (a private server unless --clickhouse-url is given), three Kafka brokers "
          + "(replication factor 3, min.insync.replicas 2), a Flink JobManager with its web UI and two TaskManagers; "
          + "submit the -flink.jar with Flink's client; start serve and notify.",
          "Prints every address; the processes keep running until `learnstream cluster down`."})
  static final class Up implements Callable<Integer> {

    @Mixin
    StateDir state;

    @Option(names = "--clickhouse-url", paramLabel = "URL",
        description = "A running ClickHouse server to use instead of starting a private one.")
    String clickHouseUrl;

    @Option(names = "--flink-jar", paramLabel = "JAR",
        description = "The pipeline's -flink.jar (default: the one the build leaves in jobs/flink-job/target).")
    Path flinkJar;

    @Option(names = "--free-ports",
        description = "Listen on free ports instead of the usual ones (Flink UI 8081, endpoint 8080, brokers "
            + "19092-19094).")
    boolean freePorts;

    @Option(names = "--no-endpoint", description = "Start neither serve nor notify.")
    boolean noEndpoint;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
      Path jar = flinkJar != null
          ? flinkJar
          : ClusterUp.builtFlinkJar(Path.of("")).orElse(
              Path.of("jobs/flink-job/target/learnstream-flink-job-VERSION-flink.jar"));
      try {
        ClusterUp.Started started = ClusterUp.up(new ClusterUp.Options(state.path(), freePorts,
            clickHouseUrl, jar, !noEndpoint), line -> out.println("cluster: " + line));
        out.println();
        ClusterUp.addresses(started.cluster().layout(), !noEndpoint).forEach(out::println);
        out.println("Flink job id:           " + started.jobId());
        out.println();
        out.println("Stop everything with: learnstream cluster down --state-dir " + state.path());
        return 0;
      } catch (IllegalStateException e) {
        System.err.println("learnstream cluster up: " + e.getMessage());
        return 1;
      }
    }
  }

  /** Each recorded process, the Flink job's state and the addresses. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Print each process of the cluster (running or not), the TaskManagers Flink has and the state "
          + "of the pipeline's job.")
  static final class Status implements Callable<Integer> {

    @Mixin
    StateDir state;

    @Override
    public Integer call() {
      ClusterLayout layout;
      try {
        layout = ClusterLayout.read(state.path());
      } catch (IllegalStateException e) {
        System.err.println("learnstream cluster status: " + e.getMessage());
        return 1;
      }
      List<ClusterProcesses.Entry> entries = new ClusterProcesses(layout.stateDir()).entries();
      long running = entries.stream().filter(ClusterProcesses.Entry::alive).count();
      for (ClusterProcesses.Entry e : entries) {
        System.out.printf("%-14s pid %-8d %s%n", e.name(), e.pid(), e.alive() ? "running" : "not running");
      }
      FlinkRest rest = new FlinkRest(layout.flinkUiUrl());
      System.out.println("Flink TaskManagers registered: " + rest.taskManagers().map(String::valueOf)
          .orElse("(JobManager not answering)"));
      ClusterUp.jobId(layout.stateDir()).ifPresent(id -> System.out.println("pipeline job " + id + ": "
          + rest.jobState(id).orElse("unknown")));
      ClusterUp.addresses(layout, entries.stream().anyMatch(e -> e.name().equals("serve")))
          .forEach(System.out::println);
      System.out.println(running + " of " + entries.size() + " processes running");
      return running == entries.size() && !entries.isEmpty() ? 0 : 1;
    }
  }

  /** Stops every recorded process and checks that none is left. */
  @Command(name = "down", mixinStandardHelpOptions = true,
      description = "Stop every process that `cluster up` started (SIGTERM, SIGKILL after 30 s), newest first, and "
          + "check that none is left running. Data, checkpoints and logs stay in the state directory.")
  static final class Down implements Callable<Integer> {

    @Mixin
    StateDir state;

    @Override
    public Integer call() {
      try {
        ClusterLayout layout = ClusterLayout.read(state.path());
        List<String> stopped = new LocalCluster(layout, ClusterCommands.ofThisJvm(), line -> {
        }).stopAll();
        System.out.println("cluster: stopped " + stopped.size() + " processes (" + String.join(", ", stopped)
            + "); none left running");
        return 0;
      } catch (IllegalStateException e) {
        System.err.println("learnstream cluster down: " + e.getMessage());
        return 1;
      }
    }
  }
}
