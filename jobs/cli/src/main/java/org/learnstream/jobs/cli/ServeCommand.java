package org.learnstream.jobs.cli;

import org.learnstream.jobs.ingest.IngestServerSettings;

import org.learnstream.jobs.ingest.documents.DocumentLimits;

import org.learnstream.jobs.ingest.documents.DocumentDatabase;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.learnstream.jobs.ingest.ClickHouseStatementStore;
import org.learnstream.jobs.settings.IngestOptions;
import org.learnstream.jobs.ingest.IngestServer;
import org.learnstream.jobs.ingest.KafkaPublisherSettings;
import org.learnstream.jobs.ingest.TenantCredentials;
import org.learnstream.jobs.ingest.AdminAccess;
import org.learnstream.jobs.ingest.SubscriptionRoutes;
import org.learnstream.jobs.ingest.TenantAdminRoutes;
import org.learnstream.jobs.pipeline.Pseudonyms;
import java.time.Duration;
import org.learnstream.jobs.ingest.ErasureAdminRoute;
import org.learnstream.pipeline.kafka.ErasureLedger;
import org.learnstream.jobs.notify.SubscriptionStore;
import org.learnstream.pipeline.clickhouse.TenantAdministration;
import io.javalin.Javalin;
import java.util.function.Consumer;
import org.learnstream.jobs.settings.DocumentOptions;
import org.learnstream.jobs.ingest.documents.DocumentResources;
import org.learnstream.jobs.ingest.documents.PersonDocuments;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.learnstream.jobs.metrics.JobMetrics;
import org.learnstream.jobs.config.SettingsLoader;
import org.learnstream.jobs.pipeline.PipelineJob;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.settings.RetentionOptions;
import org.apache.flink.util.TimeUtils;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.jobs.runtime.LocalRuntime;
import org.learnstream.jobs.runtime.ResumableJob;
import org.learnstream.pipeline.kafka.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code learnstream serve}: the xAPI endpoint together with the pipeline, on the embedded services or on Kafka and
 * ClickHouse given by address (settings kafka.bootstrap-servers and clickhouse.url).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serves the xAPI endpoint (statements, the State, Activity Profile and Agent Profile "
        + "documents, Agents, Activities, GET /xapi/about, /metrics).",
        "Documents live in documents.url or an embedded database. Starts the pipeline too; Kafka and "
            + "ClickHouse are embedded unless given by settings. Without --credentials the development tenant "
            + "'demo' accepts Basic demo:demo."})
public final class ServeCommand implements Callable<Integer> {

  /** How long serve's retention waits for each ClickHouse deletion, as learnstream retention's --wait. */
  private static final Duration RETENTION_WAIT = Duration.ofHours(1);

  @Spec
  CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT", description = "Sets ingest.port: TCP port (0 = any free port).")
  Integer port;

  @Option(names = "--host", paramLabel = "HOST", description = "Sets ingest.host: Interface to listen on.")
  String host;

  @Option(names = "--instance-id", paramLabel = "ID",
      description = "Sets ingest.instance-id: Unique per running server; keeps its Kafka transactional ids stable "
          + "across restarts.")
  String instanceId;

  @Option(names = "--no-pipeline",
      description = "Serve the endpoint only; the pipeline runs elsewhere (e.g. on a Flink cluster).")
  boolean noPipeline;

  @Option(names = "--fresh", description = "Start the pipeline without its earlier checkpoints and savepoints (its "
      + "state: mastery, deduplication, early warnings), from the committed Kafka offsets.")
  boolean fresh;

  @Mixin
  ConfigMixin config;

  @Option(names = "--credentials", paramLabel = "FILE",
      description = "Sets ingest.credentials: YAML/JSON file: tenants -> list of {key, secretSha256 | secretEnv}.")
  Path credentials;

  @Option(names = "--max-body-bytes", paramLabel = "BYTES",
      description = "Sets ingest.max-body-bytes: Largest request body.")
  Integer maxBodyBytes;

  @Option(names = "--max-batch", paramLabel = "N", description = "Sets ingest.max-batch: Most statements per POST.")
  Integer maxBatch;

  /** The settings with this command's flags applied over them, validated together. */
  Configuration settings() {
    return config.load(new SettingOverrides()
        .set(IngestOptions.PORT, port)
        .set(IngestOptions.HOST, host)
        .set(IngestOptions.INSTANCE_ID, instanceId)
        .set(IngestOptions.CREDENTIALS, credentials == null ? null : credentials.toString())
        .set(IngestOptions.MAX_BODY_BYTES, maxBodyBytes)
        .set(IngestOptions.MAX_BATCH, maxBatch));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Serving serving = start(out);
    out.println("Press Ctrl-C to stop.");
    out.flush();
    awaitShutdown(serving, out);
    return 0;
  }

  /** Starts the services, the pipeline and the endpoint; closing the result stops them all. */
  Serving start(PrintWriter out) throws Exception {
    Configuration settings = settings();
    // checked before the broker and ClickHouse start, which take seconds and would only be stopped again
    requirePortFree(settings.get(IngestOptions.HOST), settings.get(IngestOptions.PORT));
    Reachability.requireServicesOf(settings);
    notices(settings, LearnstreamCli.environmentOf(spec)).forEach(out::println);
    String credentialsFile = settings.get(IngestOptions.CREDENTIALS);
    TenantCredentials tenants = credentialsFile == null
        ? TenantCredentials.developmentDefault()
        : TenantCredentials.load(Path.of(credentialsFile));
    LocalRuntime runtime = LocalRuntime.start(settings, line -> {
      out.println(line);
      out.flush();
    });
    // one registry for the endpoint's meters and the job's, served together at /metrics
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Serving serving = new Serving(runtime);
    try {
      // statements are sealed under learner records kept in the documents database, looked up under the same key
      // as the job's pseudonyms; only where the job reaches that database dependably: PostgreSQL, or the embedded
      // one when the job runs in this process (a job in another process would share the embedded file with this
      // one, and a process killed while owning it can leave the other unable to open it)
      boolean sealing = settings.get(DocumentOptions.URL) != null || !noPipeline;
      serving.documents = new DocumentResources(DocumentDatabase.open(settings, runtime.dataDir()), tenants,
          DocumentLimits.from(settings), sealing ? Pseudonyms.fromEnvironment() : null);
      if (!noPipeline) {
        Configuration flink = new Configuration();
        Configuration pipelineSettings = runtime.pipelineSettings(settings);
        serving.jobMetrics = JobMetrics.reportTo(flink, registry, PipelineJob.consumerGroups(pipelineSettings));
        // as run does: the job's state (mastery, deduplication, early warnings) is in its snapshots, and a job
        // started without them would go on from the committed offsets with none of it
        Optional<Path> resume = ResumableJob.resume(flink, fresh, null,
            pipelineSettings.get(PipelineOptions.CHECKPOINT_DIR));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        PipelineJob.configure(env, pipelineSettings);
        PipelineJob.wire(env, pipelineSettings, runtime.kafkaBootstrap(), runtime.clickHouse(), false);
        serving.pipeline = ResumableJob.start(env, resume);
        serving.resumedFrom = resume.map(Path::toString).orElse(null);
      }
      String topic = PipelineJob.topic(settings, Topics.XAPI_STATEMENTS);
      KafkaPublisherSettings publisher = KafkaPublisherSettings.from(settings, runtime.kafkaBootstrap(), topic);
      serving.server = IngestServer.start(IngestServerSettings.from(settings, tenants, publisher),
          new ClickHouseStatementStore(runtime.clickHouseClient(), runtime.clickHouse().database()),
          serving.documents, registry, besideXapi(settings, tenants, runtime, serving.documents));
      out.println("xAPI endpoint: " + serving.server.baseUrl());
      out.println("documents:     " + serving.documents.database().description());
      out.println("metrics:       http://" + settings.get(IngestOptions.HOST) + ":" + serving.server.port()
          + "/metrics");
      out.println("pipeline:      " + (serving.pipeline == null
          ? "not started (--no-pipeline)"
          : "running, ClickHouse database " + runtime.clickHouse().database() + (serving.resumedFrom == null
              ? ", started without a snapshot"
              : ", resumed from " + serving.resumedFrom)));
      serving.retention = retention(settings, runtime, serving.documents, out);
      out.println("credentials:   " + (credentialsFile == null
          ? "development default, tenant 'demo' with Basic demo:demo (use --credentials FILE for real tenants)"
          : credentialsFile + ", tenants " + tenants.tenants()));
      out.flush();
      return serving;
    } catch (Exception e) {
      serving.close();
      throw e;
    }
  }

  /**
   * Retention run by serve itself every {@code retention.serve-every} on its own services and documents database,
   * each step told as a {@code retention:} line.
   */
  private static ScheduledRetention retention(Configuration settings, LocalRuntime runtime,
      DocumentResources documents, PrintWriter out) {
    Duration every = settings.get(RetentionOptions.SERVE_EVERY);
    Consumer<String> told = line -> {
      out.println("retention:     " + line);
      out.flush();
    };
    ScheduledRetention retention = ScheduledRetention.start(every, () -> new RetentionPass(settings,
        runtime.clickHouse(), runtime.kafkaBootstrap(), false, RETENTION_WAIT, told).run(documents.database(), null),
        told);
    out.println("retention:     " + (retention.scheduled()
        ? "run by serve every " + TimeUtils.formatWithHighestUnit(every) + " (retention.serve-every), the first in "
            + TimeUtils.formatWithHighestUnit(ScheduledRetention.firstAfter(every))
        : "not run by serve (retention.serve-every is 0 s): run learnstream retention on a schedule"));
    return retention;
  }

  /** The subscriptions API (LMS credentials, the caller's tenant only) and the admin routes (admin credential). */
  private static Consumer<Javalin> besideXapi(Configuration settings, TenantCredentials tenants, LocalRuntime runtime,
      DocumentResources documents) {
    SubscriptionRoutes subscriptions = new SubscriptionRoutes(tenants,
        new SubscriptionStore(runtime.kafkaBootstrap(), PipelineJob.topic(settings, Topics.ALERT_SUBSCRIPTIONS)));
    AdminAccess access = AdminAccess.from(settings, tenants);
    TenantAdminRoutes admin = new TenantAdminRoutes(access,
        new TenantAdministration(runtime.clickHouseClient(), runtime.clickHouse().database()));
    // the pseudonym key of serve's own environment, which must be the job's, as for learnstream erase
    ErasureAdminRoute erasure = new ErasureAdminRoute(access, runtime.clickHouseClient(),
        runtime.clickHouse().database(), Pseudonyms.fromEnvironment(), Duration.ofMinutes(10),
        new ErasureLedger(runtime.kafkaBootstrap(), PipelineJob.topic(settings, Topics.LEARNER_ERASURES)),
        ErasureLedger.jobGroup(settings.get(PipelineOptions.CONSUMER_GROUP)),
        PipelineJob.settledRecords(settings, runtime.kafkaBootstrap()),
        PersonDocuments.eraser(documents.database(), documents.records().orElse(null)));
    return app -> {
      subscriptions.route(app);
      admin.route(app);
      erasure.route(app);
    };
  }

  /** What a first run does quietly that a real installation must change. */
  static List<String> notices(Configuration settings, Map<String, String> environment) {
    List<String> notices = new ArrayList<>();
    String key = environment.get(PipelineOptions.PSEUDONYM_KEY.name());
    if (key == null || key.isEmpty()) {
      notices.add("pseudonyms:    public development key, anyone with the documents database can find a learner's "
          + "record from their identifier; set " + PipelineOptions.PSEUDONYM_KEY.name() + " for real learners");
    }
    if (settings.get(RuntimeOptions.DATA_DIR) == null) {
      notices.add("data:          temporary, deleted when serve stops (the local event log, ClickHouse data, "
          + "documents and checkpoints); set runtime.data-dir (" + SettingsLoader.environmentName(
              RuntimeOptions.DATA_DIR.key())
          + ") to keep them");
    }
    return notices;
  }

  private static void requirePortFree(String host, int port) {
    if (port == 0) {
      return;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true); // as the endpoint's server binds, so a port in TIME_WAIT counts as free
      socket.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new Unreachable("cannot listen on " + host + ":" + port + " (" + e.getMessage()
          + "); stop what uses the port or choose another with --port (0 picks a free one)");
    }
  }

  /**
   * Until SIGTERM or Ctrl-C, then stops everything. Not in a JVM shutdown hook: the embedded ClickHouse server's own
   * hook would stop it while the pipeline's savepoint still flushes rows into it.
   */
  private static void awaitShutdown(Serving serving, PrintWriter out) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(new Signal(name), signal -> new Thread(() -> {
        serving.close(out);
        stopped.countDown();
      }, "learnstream-serve-stop").start());
    }
    stopped.await();
  }

  /** What {@link #start} started, stopped in reverse order. */
  static final class Serving implements AutoCloseable {
    private final LocalRuntime runtime;
    private JobMetrics jobMetrics;
    private JobClient pipeline;
    /** The snapshot the pipeline resumed from; null when it started without one. */
    private String resumedFrom;
    private IngestServer server;
    private DocumentResources documents;
    private ScheduledRetention retention;

    private Serving(LocalRuntime runtime) {
      this.runtime = runtime;
    }

    IngestServer server() {
      return server;
    }

    LocalRuntime runtime() {
      return runtime;
    }

    @Override
    public void close() {
      close(new PrintWriter(OutputStream.nullOutputStream()));
    }

    /**
     * Stops the endpoint, then the pipeline with a savepoint, which the next start resumes from (should it fail, the
     * job is cancelled and the newest retained checkpoint is used), then the documents database the job still
     * opened statements with, and the services.
     */
    void close(PrintWriter out) {
      if (retention != null) {
        retention.close();
      }
      if (server != null) {
        server.close();
      }
      if (pipeline != null) {
        ResumableJob.stop(pipeline, line -> out.println("pipeline:      " + line),
            line -> out.println("pipeline:      " + line));
        out.flush();
      }
      if (documents != null) {
        documents.close();
      }
      if (jobMetrics != null) {
        jobMetrics.close();
      }
      runtime.close();
    }
  }
}
