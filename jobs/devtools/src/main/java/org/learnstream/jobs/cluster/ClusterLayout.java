package org.learnstream.jobs.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.learnstream.pipeline.local.FreePorts;

/**
 * Where the processes of a one-machine cluster listen and keep their files: the Flink JobManager (RPC, REST and web
 * UI), the Kafka brokers (client and controller listeners), the xAPI endpoint, and the ClickHouse server. Written to
 * {@code cluster.properties} in the state directory by {@code up}, read back by {@code status} and {@code down}.
 */
public record ClusterLayout(Path stateDir, int jobManagerRpcPort, int flinkUiPort, List<Integer> brokerPorts,
    List<Integer> controllerPorts, int endpointPort, String clickHouseUrl, int taskManagers, int slotsPerTaskManager) {

  static final String FILE = "cluster.properties";
  public static final int BROKERS = 3;
  public static final int TASK_MANAGERS = 2;
  public static final int SLOTS_PER_TASK_MANAGER = 2;

  public ClusterLayout {
    brokerPorts = List.copyOf(brokerPorts);
    controllerPorts = List.copyOf(controllerPorts);
    if (brokerPorts.size() != controllerPorts.size() || brokerPorts.isEmpty()) {
      throw new IllegalArgumentException("each broker needs a client and a controller port");
    }
  }

  /**
   * The usual ports of each service: Flink's (6123 RPC, 8081 UI), the endpoint's 8080, brokers on 19092-19094 and
   * their controllers on 19192-19194 (beside, not on, a Kafka of the machine at 9092). ClickHouse's URL comes later.
   */
  public static ClusterLayout usualPorts(Path stateDir) {
    return new ClusterLayout(stateDir, 6123, 8081, List.of(19092, 19093, 19094), List.of(19192, 19193, 19194), 8080,
        null, TASK_MANAGERS, SLOTS_PER_TASK_MANAGER);
  }

  /** Free ports for everything: clusters side by side (the chaos suite's) never collide. */
  public static ClusterLayout freePorts(Path stateDir) {
    List<Integer> ports = IntStream.of(FreePorts.find(3 + 2 * BROKERS)).boxed().toList();
    return new ClusterLayout(stateDir, ports.get(0), ports.get(1), ports.subList(3, 3 + BROKERS),
        ports.subList(3 + BROKERS, 3 + 2 * BROKERS), ports.get(2), null, TASK_MANAGERS, SLOTS_PER_TASK_MANAGER);
  }

  public ClusterLayout withClickHouseUrl(String url) {
    return new ClusterLayout(stateDir, jobManagerRpcPort, flinkUiPort, brokerPorts, controllerPorts, endpointPort, url,
        taskManagers, slotsPerTaskManager);
  }

  public String bootstrapServers() {
    return brokerPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  public String flinkUiUrl() {
    return "http://127.0.0.1:" + flinkUiPort;
  }

  public String endpointUrl() {
    return "http://127.0.0.1:" + endpointPort + "/xapi/";
  }

  public Path flinkConfDir() {
    return stateDir.resolve("flink-conf");
  }

  public Path checkpointDir() {
    return stateDir.resolve("checkpoints");
  }

  public Path savepointDir() {
    return stateDir.resolve("savepoints");
  }

  public Path brokerDir(int node) {
    return stateDir.resolve("kafka-" + node);
  }

  public Path clickHouseDir() {
    return stateDir.resolve("clickhouse");
  }

  public Path logDir() {
    return stateDir.resolve("log");
  }

  /** The settings file of the pipeline, {@code serve} and {@code notify} on this cluster: addresses only. */
  public Path settingsFile() {
    return stateDir.resolve("learnstream.yaml");
  }

  /** Every port this layout listens on, named by what listens there. */
  public Map<String, Integer> namedPorts() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("Flink JobManager RPC", jobManagerRpcPort);
    ports.put("Flink web UI", flinkUiPort);
    for (int i = 0; i < brokerPorts.size(); i++) {
      ports.put("Kafka broker " + (i + 1), brokerPorts.get(i));
      ports.put("Kafka controller " + (i + 1), controllerPorts.get(i));
    }
    ports.put("xAPI endpoint", endpointPort);
    return ports;
  }

  /** What listens already where this layout would: one line each, empty when every port is free. */
  public List<String> takenPorts() {
    List<String> taken = new ArrayList<>();
    namedPorts().forEach((name, port) -> {
      if (!isFree(port)) {
        taken.add("port " + port + " (" + name + ") is taken");
      }
    });
    return taken;
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public void write() {
    Properties p = new Properties();
    p.setProperty("flink.jobmanager-rpc-port", Integer.toString(jobManagerRpcPort));
    p.setProperty("flink.ui-port", Integer.toString(flinkUiPort));
    p.setProperty("kafka.broker-ports", join(brokerPorts));
    p.setProperty("kafka.controller-ports", join(controllerPorts));
    p.setProperty("endpoint.port", Integer.toString(endpointPort));
    p.setProperty("clickhouse.url", clickHouseUrl == null ? "" : clickHouseUrl);
    p.setProperty("flink.task-managers", Integer.toString(taskManagers));
    p.setProperty("flink.slots-per-task-manager", Integer.toString(slotsPerTaskManager));
    try {
      Files.createDirectories(stateDir);
      try (Writer w = Files.newBufferedWriter(stateDir.resolve(FILE))) {
        p.store(w, "learnstream cluster: where each process listens");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + stateDir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /** The layout {@code up} wrote in {@code stateDir}; the error names the directory when there is none. */
  public static ClusterLayout read(Path stateDir) {
    Path file = stateDir.resolve(FILE);
    if (!Files.exists(file)) {
      throw new IllegalStateException("no cluster in " + stateDir + " (no " + FILE + "); start one with "
          + "`learnstream cluster up --state-dir " + stateDir + "`");
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    String url = p.getProperty("clickhouse.url", "");
    return new ClusterLayout(stateDir, intOf(p, "flink.jobmanager-rpc-port"), intOf(p, "flink.ui-port"),
        listOf(p, "kafka.broker-ports"), listOf(p, "kafka.controller-ports"), intOf(p, "endpoint.port"),
        url.isEmpty() ? null : url, intOf(p, "flink.task-managers"), intOf(p, "flink.slots-per-task-manager"));
  }

  private static String join(List<Integer> ports) {
    return ports.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  private static int intOf(Properties p, String key) {
    return Integer.parseInt(p.getProperty(key));
  }

  private static List<Integer> listOf(Properties p, String key) {
    return java.util.Arrays.stream(p.getProperty(key).split(",")).map(Integer::valueOf).toList();
  }
}
