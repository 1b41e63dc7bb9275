package org.learnstream.jobs.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.learnstream.jobs.ingest.ClickHouseStatementStore;
import org.learnstream.jobs.ingest.IngestLimits;
import org.learnstream.jobs.ingest.IngestServer;
import org.learnstream.jobs.ingest.IngestServerSettings;
import org.learnstream.jobs.ingest.KafkaPublisherSettings;
import org.learnstream.jobs.ingest.TenantCredentials;
import org.learnstream.jobs.ingest.documents.DocumentOptions;
import org.learnstream.jobs.ingest.documents.DocumentResources;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.learnstream.jobs.metrics.JobMetrics;
import org.learnstream.jobs.pipeline.PipelineJob;
import org.learnstream.jobs.runtime.LocalRuntime;
import org.learnstream.pipeline.kafka.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

  @Spec
  CommandSpec spec;

  @Option(names = "--port", defaultValue = "${env:LEARNSTREAM_INGEST_PORT:-8080}",
      description = "TCP port (0 = any free port). Default: ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--host", defaultValue = "${env:LEARNSTREAM_INGEST_HOST:-127.0.0.1}",
      description = "Interface to listen on. Default: ${DEFAULT-VALUE}")
  String host;

  @Option(names = "--instance-id", defaultValue = "${env:LEARNSTREAM_INGEST_INSTANCE:-0}",
      description = "Unique per running server; keeps its Kafka transactional ids stable across restarts")
  String instanceId;

  @Option(names = "--no-pipeline",
      description = "Serve the endpoint only; the pipeline runs elsewhere (e.g. on a Flink cluster).")
  boolean noPipeline;

  @Mixin
  ConfigMixin config;

  @Option(names = "--credentials", defaultValue = "${env:LEARNSTREAM_INGEST_CREDENTIALS}",
      description = "YAML/JSON file: tenants -> list of {key, secretSha256 | secretEnv}")
  Path credentials;

  @Option(names = "--max-body-bytes", defaultValue = "8388608", description = "Largest request body. Default: ${DEFAULT-VALUE}")
  int maxBodyBytes;

  @Option(names = "--max-batch", defaultValue = "1000", description = "Most statements per POST. Default: ${DEFAULT-VALUE}")
  int maxBatch;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Serving serving = start(out);
    out.println("Press Ctrl-C to stop.");
    out.flush();
    awaitShutdown(serving);
    return 0;
  }

  /** Starts the services, the pipeline and the endpoint; closing the result stops them all. */
  Serving start(PrintWriter out) throws Exception {
    TenantCredentials tenants = credentials == null ? TenantCredentials.developmentDefault()
        : TenantCredentials.load(credentials);
    Configuration settings = config.load();
    LocalRuntime runtime = LocalRuntime.start(settings, line -> {
      out.println(line);
      out.flush();
    });
    // one registry for the endpoint's meters and the job's, served together at /metrics
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Serving serving = new Serving(runtime);
    try {
      serving.documents = new DocumentResources(DocumentOptions.open(settings, runtime.dataDir()), tenants,
          DocumentOptions.limits(settings));
      if (!noPipeline) {
        Configuration flink = new Configuration();
        Configuration pipelineSettings = runtime.pipelineSettings(settings);
        serving.jobMetrics = JobMetrics.reportTo(flink, registry, PipelineJob.consumerGroups(pipelineSettings));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        PipelineJob.configure(env, pipelineSettings);
        PipelineJob.wire(env, pipelineSettings, runtime.kafkaBootstrap(), runtime.clickHouse(), false);
        serving.pipeline = env.executeAsync("learnstream");
      }
      String topic = PipelineJob.topic(settings, Topics.XAPI_STATEMENTS);
      KafkaPublisherSettings publisher = new KafkaPublisherSettings(runtime.kafkaBootstrap(), topic,
          "learnstream-ingest-" + instanceId, 8, Duration.ofSeconds(5), Duration.ofSeconds(15), Map.of());
      serving.server = IngestServer.start(new IngestServerSettings(host, port, new IngestLimits(maxBodyBytes, maxBatch),
          tenants, publisher, 200_000), new ClickHouseStatementStore(runtime.clickHouseClient(),
          runtime.clickHouse().database()), serving.documents, registry);
      out.println("xAPI endpoint: " + serving.server.baseUrl());
      out.println("documents:     " + serving.documents.database().description());
      out.println("metrics:       http://" + host + ":" + serving.server.port() + "/metrics");
      out.println("pipeline:      " + (serving.pipeline == null ? "not started (--no-pipeline)"
          : "running, ClickHouse database " + runtime.clickHouse().database()));
      out.println("credentials:   " + (credentials == null
          ? "development default, tenant 'demo' with Basic demo:demo (use --credentials FILE for real tenants)"
          : credentials + ", tenants " + tenants.tenants()));
      out.flush();
      return serving;
    } catch (Exception e) {
      serving.close();
      throw e;
    }
  }

  private static void awaitShutdown(Serving serving) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      serving.close();
      stopped.countDown();
    }, "learnstream-serve-shutdown"));
    stopped.await();
  }

  /** What {@link #start} started, stopped in reverse order. */
  static final class Serving implements AutoCloseable {
    private final LocalRuntime runtime;
    private JobMetrics jobMetrics;
    private JobClient pipeline;
    private IngestServer server;
    private DocumentResources documents;

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
      if (server != null) {
        server.close();
      }
      if (documents != null) {
        documents.close();
      }
      if (pipeline != null) {
        pipeline.cancel();
      }
      if (jobMetrics != null) {
        jobMetrics.close();
      }
      runtime.close();
    }
  }
}
