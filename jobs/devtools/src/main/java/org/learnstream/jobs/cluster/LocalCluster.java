package org.learnstream.jobs.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import kafka.tools.StorageTool;
import org.apache.flink.util.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.learnstream.pipeline.local.TakenPorts;

/**
 * A Flink session cluster (one JobManager, TaskManagers) and a Kafka cluster (three KRaft nodes) on this machine,
 * each process a JVM of its own started from the jars Flink and Kafka publish, recorded in the state directory so
 * that a later {@code status} or {@code down} finds them. The building blocks of {@code learnstream cluster} and of
 * the chaos suite's cluster scenarios.
 */
public final class LocalCluster {

  static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final ClusterLayout layout;
  private final ClusterCommands commands;
  private final ClusterProcesses records;
  private final ProcessLauncher launcher;
  private final FlinkClusterConfig flinkConfig;
  private final BrokerConfig brokerConfig;
  private final Consumer<String> log;

  public LocalCluster(ClusterLayout layout, ClusterCommands commands, Consumer<String> log) {
    this.layout = layout;
    this.commands = commands;
    this.records = new ClusterProcesses(layout.stateDir());
    this.launcher = new ProcessLauncher(records);
    this.flinkConfig = new FlinkClusterConfig(layout);
    this.brokerConfig = new BrokerConfig(layout);
    this.log = log;
  }

  public ClusterLayout layout() {
    return layout;
  }

  public ClusterProcesses processes() {
    return records;
  }

  public FlinkRest rest() {
    return new FlinkRest(layout.flinkUiUrl());
  }

  public FlinkClient client() {
    return new FlinkClient(commands, layout.flinkConfDir(), layout.logDir().resolve("flink-client.log"));
  }

  /** Refuses to start over running processes of an earlier {@code up} or on ports something else holds. */
  public void checkCanStart() {
    List<String> running = records.entries().stream().filter(ClusterProcesses.Entry::alive)
        .map(e -> e.name() + " (pid " + e.pid() + ")").toList();
    if (!running.isEmpty()) {
      throw new IllegalStateException("a cluster already runs from " + layout.stateDir() + ": "
          + String.join(", ", running) + "; stop it with `learnstream cluster down --state-dir "
          + layout.stateDir() + "`");
    }
    List<String> taken = layout.takenPorts();
    if (!taken.isEmpty()) {
      throw new IllegalStateException(String.join("; ", taken)
          + "; stop what listens there, or let the cluster choose free ports with --free-ports");
    }
  }

  // ---- Kafka

  /**
   * Starts the Kafka nodes and the Flink processes side by side (JVM start-ups are most of the wait), then waits
   * until all brokers are in the cluster's metadata and all TaskManagers have registered with the JobManager.
   */
  public void startKafkaAndFlink() {
    launchKafka();
    launchFlink();
    awaitBrokers(layout.brokerPorts().size());
    log.accept("Kafka: " + layout.brokerPorts().size() + " brokers at " + layout.bootstrapServers()
        + " (replication factor " + BrokerConfig.REPLICATION_FACTOR + ", min.insync.replicas "
        + BrokerConfig.MIN_IN_SYNC_REPLICAS + ")");
    await("the Flink JobManager (REST at " + layout.flinkUiUrl() + ")", () -> rest().taskManagers().isPresent(),
        "jobmanager");
    awaitTaskManagers(layout.taskManagers());
    log.accept("Flink: JobManager and " + layout.taskManagers() + " TaskManagers (" + layout.slotsPerTaskManager()
        + " slots each), web UI " + layout.flinkUiUrl() + (commands.hasWebUi() ? "" : " (REST only: no web UI jar)"));
  }

  /** Formats the nodes' log directories (one cluster id) on a first start and starts the nodes. */
  private void launchKafka() {
    flinkConfig.write(); // its logging settings serve the brokers too
    String clusterId = Uuid.randomUuid().toString();
    for (int node = 1; node <= layout.brokerPorts().size(); node++) {
      Path properties = brokerConfig.write(node);
      if (!Files.exists(brokerConfig.logDir(node).resolve("meta.properties"))) {
        format(properties, clusterId);
      }
    }
    for (int node = 1; node <= layout.brokerPorts().size(); node++) {
      startBroker(node);
    }
  }

  private void format(Path properties, String clusterId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      code = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", properties.toString()}, print);
    }
    if (code != 0) {
      throw new IllegalStateException("formatting Kafka's log directory for " + properties + " failed (exit " + code
          + "): " + out.toString(StandardCharsets.UTF_8));
    }
  }

  public static String brokerName(int node) {
    return "kafka-" + node;
  }

  public void startBroker(int node) {
    Path logFile = layout.logDir().resolve(brokerName(node) + ".log");
    launcher.start(brokerName(node), commands.broker(brokerConfig.propertiesFile(node),
        layout.flinkConfDir().resolve("log4j2.properties"), logFile), Map.of(), logFile);
  }

  public void killBroker(int node) {
    records.entry(brokerName(node)).ifPresent(ClusterProcesses::kill);
  }

  /** Until {@code count} brokers are in the cluster's metadata. */
  public void awaitBrokers(int count) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, layout.bootstrapServers());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    try (Admin admin = Admin.create(props)) {
      await("the Kafka cluster (" + count + " brokers at " + layout.bootstrapServers() + ")", () -> {
        try {
          return admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size() >= count;
        } catch (ExecutionException | TimeoutException notYet) {
          return false;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }, "kafka-");
    }
  }

  // ---- Flink

  public static String taskManagerName(int index) {
    return "taskmanager-" + index;
  }

  /** Writes the configuration and starts the JobManager and the TaskManagers, which register once it is up. */
  private void launchFlink() {
    Path confDir = flinkConfig.write();
    Path logFile = layout.logDir().resolve("jobmanager.log");
    launcher.start("jobmanager", commands.jobManager(flinkConfig, confDir, logFile), Map.of(), logFile);
    for (int i = 1; i <= layout.taskManagers(); i++) {
      startTaskManager(i);
    }
  }

  public void startTaskManager(int index) {
    String id = taskManagerName(index);
    Path logFile = layout.logDir().resolve(id + ".log");
    launcher.start(id, commands.taskManager(flinkConfig, layout.flinkConfDir(), id, logFile), Map.of(), logFile);
  }

  public void killTaskManager(int index) {
    records.entry(taskManagerName(index)).ifPresent(ClusterProcesses::kill);
  }

  public void awaitTaskManagers(int count) {
    await(count + " Flink TaskManagers registered", () -> rest().taskManagers().orElse(0) >= count, "taskmanager-");
  }

  /** Until the job and all its tasks run. */
  public void awaitJobRunning(String jobId) {
    await("job " + jobId + " running", () -> rest().fullyRunning(jobId), "jobmanager");
  }

  // ---- the endpoint and the notifier

  /** {@code serve --no-pipeline} on the endpoint port and {@code notify}, both on the cluster's settings. */
  public void startEndpointAndNotifier(Path settings) {
    Path serveLog = layout.logDir().resolve("serve.log");
    launcher.start("serve", commands.learnstream("384m", List.of("serve", "--no-pipeline", "--config",
        settings.toString(), "--host", "127.0.0.1", "--port", Integer.toString(layout.endpointPort()))), Map.of(),
        serveLog);
    Path notifyLog = layout.logDir().resolve("notify.log");
    launcher.start("notify", commands.learnstream("256m", List.of("notify", "--config", settings.toString())),
        Map.of(), notifyLog);
    await("the xAPI endpoint at " + layout.endpointUrl(), () -> listens(layout.endpointPort()), "serve");
  }

  private static boolean listens(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Kills what {@link #startKafkaAndFlink} started and deletes the brokers' log directories, after a start that failed
   * before anything was written: the next start formats them again, on other ports.
   */
  void abandonKafkaAndFlink() throws IOException {
    for (ClusterProcesses.Entry entry : records.entries()) {
      if (entry.name().startsWith("kafka-") || entry.name().equals("jobmanager")
          || entry.name().startsWith("taskmanager-")) {
        ClusterProcesses.stop(entry, Duration.ZERO);
        records.forget(entry.name());
      }
    }
    for (int node = 1; node <= layout.brokerPorts().size(); node++) {
      FileUtils.deleteDirectoryQuietly(brokerConfig.logDir(node).toFile());
    }
  }

  // ---- everything

  /** Stops every recorded process, newest first; returns their names. Nothing recorded stays running. */
  public List<String> stopAll() {
    List<String> stopped = records.stopAll(STOP_GRACE);
    List<String> left = records.entries().stream().filter(ClusterProcesses.Entry::alive)
        .map(ClusterProcesses.Entry::name).toList();
    if (!left.isEmpty()) {
      throw new IllegalStateException("still running after down: " + String.join(", ", left));
    }
    return stopped;
  }

  /**
   * Polls {@code done} until it holds; fails early when a recorded process whose name starts with
   * {@code processPrefix} has exited, with the tail of its log.
   */
  void await(String what, BooleanSupplier done, String processPrefix) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!done.getAsBoolean()) {
      for (ClusterProcesses.Entry e : records.entries()) {
        if (e.name().startsWith(processPrefix) && !e.alive()) {
          Path logFile = layout.logDir().resolve(e.name() + ".log");
          String log = ProcessLauncher.tail(logFile, Integer.MAX_VALUE);
          String message = e.name() + " exited while waiting for " + what + "; its log " + logFile + " ends:\n"
              + ProcessLauncher.tail(log, 20);
          throw TakenPorts.saidIn(log) ? new PortTakenException(message) : new IllegalStateException(message);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + START_TIMEOUT.toSeconds() + " s waiting for " + what
            + "; logs in " + layout.logDir());
      }
      try {
        Thread.sleep(250); // poll interval
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }

  /** Writes a settings file with {@code lines} (YAML); returns it. */
  static Path writeSettings(Path file, List<String> lines) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, lines);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
