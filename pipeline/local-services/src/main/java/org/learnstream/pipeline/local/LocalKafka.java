package org.learnstream.pipeline.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running inside this JVM.
 *
 * <p>Made for the local runtime and for tests: free ports on 127.0.0.1, its own log directory, every
 * replication factor 1, no automatic topic creation and no initial rebalance delay. {@link #restart()}
 * keeps ports and data, so fault-injection tests can kill the broker under a running job. A broker on a kept
 * data directory also comes back on its earlier ports when they are free.
 */
public final class LocalKafka implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Path dataDir;
  private final boolean deleteOnClose;
  private final int brokerPort;
  private final int controllerPort;
  private KafkaRaftServer server;

  private LocalKafka(Builder builder, int[] firstPorts) {
    this.dataDir = builder.dataDir.toAbsolutePath();
    this.deleteOnClose = !builder.keepData;
    if (firstPorts != null) {
      this.brokerPort = firstPorts[0];
      this.controllerPort = firstPorts[1];
    } else if (builder.keepData) {
      int[] ports = FreePorts.kept(dataDir.resolve("ports"), 2);
      this.brokerPort = ports[0];
      this.controllerPort = ports[1];
    } else {
      int[] ports = FreePorts.find(2);
      this.brokerPort = ports[0];
      this.controllerPort = ports[1];
    }
  }

  /** Starts a broker in a fresh temporary directory that {@link #close()} deletes. */
  public static LocalKafka start() {
    return builder().start();
  }

  /**
   * Starts a broker whose data lives in {@code dir} and outlives {@link #close()}; a directory that
   * already holds a formatted broker is reused with its topics and offsets.
   */
  public static LocalKafka start(Path dir) {
    return builder().dataDir(dir).keepData(true).start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The address clients connect to, e.g. {@code 127.0.0.1:41234}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  public int brokerPort() {
    return brokerPort;
  }

  public int controllerPort() {
    return controllerPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Creates the topics (replication factor 1) that do not exist yet; existing ones are left alone. */
  public void createTopics(Map<String, Integer> partitions, Map<String, String> configs) {
    List<NewTopic> topics = partitions.entrySet().stream()
        .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1).configs(configs))
        .toList();
    try (Admin admin = admin()) {
      for (var entry : admin.createTopics(topics).values().entrySet()) {
        try {
          entry.getValue().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("Could not create topic " + entry.getKey() + " on "
                + bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Topic creation on " + bootstrapServers() + " took over 30 s", e);
    }
  }

  public void createTopics(Map<String, Integer> partitions) {
    createTopics(partitions, Map.of());
  }

  /** Stops the broker and starts it again on the same ports with the same data. */
  public synchronized void restart() {
    stopServer();
    startServer();
  }

  /** Stops the broker (waiting for all its threads) and deletes its data unless it was to be kept. */
  @Override
  public synchronized void close() {
    stopServer();
    if (deleteOnClose) {
      deleteRecursively(dataDir);
    }
  }

  private synchronized LocalKafka startFirstTime() {
    try {
      Files.createDirectories(dataDir);
      Path config = writeConfig();
      if (!Files.exists(logDir().resolve("meta.properties"))) {
        format(config);
      }
      startServer();
      return this;
    } catch (RuntimeException | IOException e) {
      close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  private void startServer() {
    KafkaRaftServer raft = new KafkaRaftServer(KafkaConfig.fromProps(brokerProperties()), Time.SYSTEM);
    server = raft;
    raft.startup();
    awaitReady();
  }

  private void stopServer() {
    if (server != null) {
      KafkaRaftServer raft = server;
      server = null;
      raft.shutdown();
      raft.awaitShutdown();
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (Admin admin = admin()) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Local Kafka at " + bootstrapServers() + " did not become ready within "
                + READY_TIMEOUT.toSeconds() + " s; its log directory is " + logDir(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for local Kafka", e);
    }
  }

  private Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    return Admin.create(props);
  }

  private void format(Path config) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] args = {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()};
    int code;
    try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      code = StorageTool.execute(args, print);
    }
    if (code != 0) {
      throw new IllegalStateException("Formatting the Kafka log directory " + logDir() + " failed (exit "
          + code + "): " + out.toString(StandardCharsets.UTF_8));
    }
  }

  private Path writeConfig() throws IOException {
    Path file = dataDir.resolve("server.properties");
    try (Writer writer = Files.newBufferedWriter(file)) {
      brokerProperties().store(writer, "local single-node KRaft broker");
    }
    return file;
  }

  private Path logDir() {
    return dataDir.resolve("logs");
  }

  Properties brokerProperties() {
    Properties props = new Properties();
    props.putAll(KRaftNodeProperties.of(1, brokerPort, controllerPort, "1@127.0.0.1:" + controllerPort, logDir(), 1, 1,
        1));
    return props;
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete the local Kafka directory " + dir, e);
    }
  }

  /** Options for {@link LocalKafka}; defaults: a temporary directory deleted on close. */
  public static final class Builder {
    private Path dataDir;
    private boolean keepData;
    private int[] firstPorts;

    private Builder() {
    }

    public Builder dataDir(Path dir) {
      this.dataDir = Objects.requireNonNull(dir, "dataDir");
      return this;
    }

    /** Keep the data directory after {@link LocalKafka#close()}. */
    public Builder keepData(boolean keep) {
      this.keepData = keep;
      return this;
    }

    /** Ports the first attempt takes as they are, unchecked: a test's way to meet a port taken before the bind. */
    Builder firstPorts(int brokerPort, int controllerPort) {
      this.firstPorts = new int[] {brokerPort, controllerPort};
      return this;
    }

    /**
     * Starts the broker; a port taken by another process between its choice and the broker's bind (the broker
     * refuses to start) makes it start again on other ports, up to {@value TakenPorts#ATTEMPTS} times.
     */
    public LocalKafka start() {
      if (dataDir == null) {
        try {
          dataDir = Files.createTempDirectory("learnstream-kafka-");
        } catch (IOException e) {
          throw new UncheckedIOException("Could not create a temporary directory for local Kafka", e);
        }
      }
      return TakenPorts.startRetrying("Kafka broker",
          attempt -> new LocalKafka(this, attempt == 1 ? firstPorts : null).startFirstTime());
    }
  }
}
