package org.learnstream.jobs.runtime;

import org.learnstream.jobs.settings.RetentionOptions;
import org.learnstream.jobs.settings.RuntimeOptions;
import com.clickhouse.client.api.Client;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.SchemaMigrations;
import org.learnstream.pipeline.clickhouse.SchoolDatabase;
import org.learnstream.jobs.pipeline.SinkDeduplication;
import org.learnstream.pipeline.kafka.TopicAdmin;
import org.learnstream.pipeline.kafka.TopicSpec;
import org.learnstream.pipeline.kafka.TopicRetention;
import org.learnstream.pipeline.kafka.Topics;

/**
 * The services of one machine: a Kafka broker and a ClickHouse server, each either started here (embedded
 * default, no Docker) or given by address. Whatever it started, {@link #close()} stops.
 */
public final class LocalRuntime implements AutoCloseable {

  private final List<AutoCloseable> started = new ArrayList<>();
  private final Path dataDir;
  private final boolean temporaryDir;
  private String kafkaBootstrap;
  private ClickHouseEndpoint clickHouse;
  private Client client;

  private LocalRuntime(Path dataDir, boolean temporaryDir) {
    this.dataDir = dataDir;
    this.temporaryDir = temporaryDir;
  }

  /** Starts what is not given by address, creates the topics and migrates the ClickHouse schema. */
  public static LocalRuntime start(Configuration config, Consumer<String> progress) throws IOException {
    String dir = config.get(RuntimeOptions.DATA_DIR);
    Path dataDir = dir == null ? Files.createTempDirectory("learnstream-") : Files.createDirectories(Path.of(dir));
    LocalRuntime runtime = new LocalRuntime(dataDir, dir == null);
    try {
      runtime.startKafka(config, progress);
      runtime.startClickHouse(config, progress);
      return runtime;
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
  }

  private void startKafka(Configuration config, Consumer<String> progress) {
    String given = config.get(PipelineOptions.KAFKA_BOOTSTRAP);
    if (given != null) {
      kafkaBootstrap = given;
      progress.accept("Kafka: using " + given);
    } else {
      long t0 = System.nanoTime();
      // the event log is the system of record: it lives as long as the data directory does
      EmbeddedServices.Started kafka = EmbeddedServices.require(PipelineOptions.KAFKA_BOOTSTRAP.key())
          .startKafka(dataDir.resolve("kafka"), !temporaryDir);
      started.add(kafka);
      kafkaBootstrap = kafka.address();
      progress.accept(String.format("Kafka: embedded KRaft broker at %s (%.1f s)", kafkaBootstrap, seconds(t0)));
    }
    String prefix = config.get(PipelineOptions.TOPIC_PREFIX);
    // created with the retention windows in force; learnstream retention corrects topics created before
    TopicAdmin.ensure(kafkaBootstrap, TopicRetention.withWindows(Topics.defaults(config.get(
        RuntimeOptions.KAFKA_PARTITIONS)), "", RetentionOptions.statements(config).longest(),
        RetentionOptions.events(config).longest()).stream()
        .map(t -> new TopicSpec(prefix + t.name(), t.partitions(), t.compacted(), t.retention()))
        .toList());
  }

  private void startClickHouse(Configuration config, Consumer<String> progress) {
    String database = config.get(RuntimeOptions.CLICKHOUSE_DATABASE);
    String url = config.get(RuntimeOptions.CLICKHOUSE_URL);
    if (url != null) {
      clickHouse = ClickHouseEndpoint.withPasswordFromEnv(
          url, config.get(RuntimeOptions.CLICKHOUSE_USER), RuntimeOptions.CLICKHOUSE_PASSWORD_ENV, database);
      progress.accept("ClickHouse: using " + clickHouse);
    } else {
      long t0 = System.nanoTime();
      EmbeddedServices.Started server = EmbeddedServices.require(RuntimeOptions.CLICKHOUSE_URL.key())
          .startClickHouse(dataDir.resolve("clickhouse"), !temporaryDir, config.get(RuntimeOptions.CLICKHOUSE_BINARY));
      started.add(server);
      clickHouse = ClickHouseEndpoint.withoutPassword(server.address(), database);
      progress
          .accept(String.format("ClickHouse: private clickhouse-server at %s (%.1f s)", server.address(), seconds(t0)));
    }
    client = ClickHouseClients.create(clickHouse);
    started.add(client);
    var applied = SchemaMigrations.apply(client, database, RuntimeOptions.migrationPace(config, progress));
    progress.accept("ClickHouse: database " + database + " migrated (" + applied.size() + " new migrations)");
    var deduplication = SinkDeduplication.apply(SchoolDatabase.Sql.of(client), database);
    if (deduplication.supported()) {
      // the private server is 18.16, where the step has nothing to do: only a given server is told about it
      deduplication.lines().forEach(progress);
    }
  }

  /**
   * The settings a pipeline on these services runs with: checkpoints go to the data directory unless a checkpoint
   * directory is configured, because Flink's default keeps them in JobManager memory, capped at 5 MB of state.
   */
  public Configuration pipelineSettings(Configuration settings) {
    Configuration pipeline = new Configuration(settings);
    if (!settings.contains(PipelineOptions.CHECKPOINT_DIR)) {
      pipeline.set(PipelineOptions.CHECKPOINT_DIR, dataDir.resolve("checkpoints").toString());
    }
    // the job opens statements sealed under learner records, which live in the documents database; an embedded
    // one is found under the data directory, temporary or not
    pipeline.set(RuntimeOptions.DATA_DIR, dataDir.toString());
    return pipeline;
  }

  public String kafkaBootstrap() {
    return kafkaBootstrap;
  }

  public ClickHouseEndpoint clickHouse() {
    return clickHouse;
  }

  public Client clickHouseClient() {
    return client;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        System.err.println("learnstream: stopping " + started.get(i).getClass().getSimpleName() + " failed: " + e);
      }
    }
    started.clear();
    if (temporaryDir) {
      deleteRecursively(dataDir);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("learnstream: could not remove " + dir + ": " + e.getMessage());
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
