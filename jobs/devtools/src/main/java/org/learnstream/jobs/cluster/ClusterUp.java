package org.learnstream.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.learnstream.pipeline.kafka.TopicAdmin;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.local.LocalClickHouse;
import org.learnstream.pipeline.local.LocalClickHouseSettings;
import org.learnstream.pipeline.local.TakenPorts;

/**
 * {@code learnstream cluster up}: ClickHouse (a private server, or the one given), the Kafka cluster with every
 * Learnstream topic, the Flink session cluster, the pipeline submitted through Flink's client, then {@code serve} and
 * {@code notify} on the same settings. Anything started is stopped again when a later step fails.
 */
public final class ClusterUp {

  /** Partitions of every topic: the job can be rescaled up to this parallelism without idle readers. */
  public static final int PARTITIONS = 4;
  public static final int PARALLELISM = 2;
  static final String JOB_ID_FILE = "job-id";

  /** What {@code up} was asked for; {@code clickHouseUrl} null starts a private server. */
  public record Options(Path stateDir, boolean freePorts, String clickHouseUrl, Path flinkJar, boolean endpoint) {
  }

  private ClusterUp() {
  }

  /** The {@code -flink.jar} the build leaves in {@code jobs/flink-job/target}, looked up from {@code root}. */
  public static Optional<Path> builtFlinkJar(Path root) {
    Path target = root.resolve("jobs").resolve("flink-job").resolve("target");
    if (!Files.isDirectory(target)) {
      return Optional.empty();
    }
    try (var files = Files.list(target)) {
      return files.filter(p -> p.getFileName().toString().matches("learnstream-flink-job-.*-flink\\.jar")).findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + target + ": " + e.getMessage(), e);
    }
  }

  /** Brings the cluster up; returns it with the job's id. */
  public static Started up(Options options, Consumer<String> log) throws InterruptedException, IOException {
    if (!Files.isRegularFile(options.flinkJar())) {
      throw new IllegalStateException("no -flink.jar at " + options.flinkJar() + "; build it with `./mvnw -q "
          + "-DskipTests package -pl jobs/flink-job -am` or name it with --flink-jar");
    }
    ClusterLayout ports = options.freePorts()
        ? ClusterLayout.freePorts(options.stateDir())
        : ClusterLayout.usualPorts(options.stateDir());
    new LocalCluster(ports, ClusterCommands.ofThisJvm(), log).checkCanStart();
    ClusterProcesses records = new ClusterProcesses(options.stateDir());
    String clickHouseUrl = options.clickHouseUrl();
    if (clickHouseUrl == null) {
      LocalClickHouse server = LocalClickHouse.start(LocalClickHouseSettings.defaults()
          .withBaseDir(ports.clickHouseDir()).withKeepData(true));
      clickHouseUrl = server.httpUrl();
      records.record("clickhouse", server.detach());
      log.accept("ClickHouse: private server at " + clickHouseUrl + " (data in " + ports.clickHouseDir() + ")");
    } else {
      log.accept("ClickHouse: " + clickHouseUrl + " (given)");
    }
    ClusterLayout layout = ports.withClickHouseUrl(clickHouseUrl);
    layout.write();
    LocalCluster cluster = new LocalCluster(layout, ClusterCommands.ofThisJvm(), log);
    try {
      for (int attempt = 1;; attempt++) {
        try {
          cluster.startKafkaAndFlink();
          break;
        } catch (PortTakenException e) {
          if (!options.freePorts() || attempt == TakenPorts.ATTEMPTS) {
            throw e;
          }
          log.accept("a port chosen for the cluster was taken before its server bound it; starting on other ports");
          cluster.abandonKafkaAndFlink();
          layout = ClusterLayout.freePorts(options.stateDir()).withClickHouseUrl(clickHouseUrl);
          layout.write();
          cluster = new LocalCluster(layout, ClusterCommands.ofThisJvm(), log);
        }
      }
      List<String> created = TopicAdmin.ensure(layout.bootstrapServers(), Topics.defaults(PARTITIONS));
      log.accept("Kafka: " + created.size() + " topics created, " + PARTITIONS + " partitions each");
      Path settings = LocalCluster.writeSettings(layout.settingsFile(), settings(layout, "", PARALLELISM));
      String jobId = cluster.client().run(options.flinkJar(), settings, null);
      Files.writeString(layout.stateDir().resolve(JOB_ID_FILE), jobId);
      cluster.awaitJobRunning(jobId);
      log.accept("pipeline: job " + jobId + " running at parallelism " + PARALLELISM + " (submitted with flink run "
          + options.flinkJar().getFileName() + ")");
      if (options.endpoint()) {
        cluster.startEndpointAndNotifier(settings);
        log.accept("serve: xAPI endpoint at " + layout.endpointUrl() + "; notify: delivering alerts");
      }
      return new Started(cluster, jobId);
    } catch (RuntimeException | InterruptedException | IOException e) {
      log.accept("start failed; stopping what was started");
      cluster.stopAll();
      throw e;
    }
  }

  /** A started cluster and the id of the pipeline's job on it. */
  public record Started(LocalCluster cluster, String jobId) {
  }

  /**
   * The settings of a pipeline on the cluster: its addresses, and topics, group and database under {@code prefix}
   * (empty: the installation's own names). Addresses only: secrets stay in the processes' environment.
   */
  public static List<String> settings(ClusterLayout layout, String prefix, int parallelism) {
    List<String> lines = new ArrayList<>();
    lines.add("kafka.bootstrap-servers: \"" + layout.bootstrapServers() + "\"");
    lines.add("clickhouse.url: \"" + layout.clickHouseUrl() + "\"");
    lines.add("kafka.partitions: " + PARTITIONS);
    lines.add("pipeline.parallelism: " + parallelism);
    lines.add("pipeline.checkpoint-dir: \"" + layout.checkpointDir().toAbsolutePath() + "\"");
    lines.add("runtime.data-dir: \"" + dataDir(layout).toAbsolutePath() + "\"");
    if (!prefix.isEmpty()) {
      lines.add("kafka.topic-prefix: \"" + prefix + "\"");
      lines.add("kafka.group-id: \"" + prefix + "pipeline\"");
      lines.add("kafka.transactional-id-prefix: \"" + prefix + "tx\"");
    }
    return lines;
  }

  /** The data directory of the cluster's pipelines: the endpoint's, where the learner records are. */
  public static Path dataDir(ClusterLayout layout) {
    return layout.stateDir().resolve("endpoint");
  }

  /** The addresses to print: one line each. */
  public static List<String> addresses(ClusterLayout layout, boolean endpoint) {
    List<String> lines = new ArrayList<>();
    lines.add("Flink web UI and REST:  " + layout.flinkUiUrl());
    lines.add("Flink JobManager RPC:   127.0.0.1:" + layout.jobManagerRpcPort());
    lines.add("Kafka brokers:          " + layout.bootstrapServers());
    lines.add("ClickHouse:             " + layout.clickHouseUrl());
    if (endpoint) {
      lines.add("xAPI endpoint:          " + layout.endpointUrl() + " (development tenant demo, Basic demo:demo)");
    }
    lines.add("settings file:          " + layout.settingsFile());
    lines.add("logs:                   " + layout.logDir());
    return lines;
  }

  /** The job id {@code up} submitted, if any. */
  public static Optional<String> jobId(Path stateDir) {
    Path file = stateDir.resolve(JOB_ID_FILE);
    try {
      return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
