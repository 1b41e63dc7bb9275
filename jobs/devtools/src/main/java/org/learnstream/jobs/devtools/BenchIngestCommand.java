package org.learnstream.jobs.devtools;

import org.learnstream.jobs.ingest.IngestLimits;
import org.learnstream.jobs.cli.SettingOverrides;
import org.learnstream.jobs.cli.ConfigMixin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.settings.IngestBenchOptions;
import org.learnstream.jobs.settings.IngestOptions;
import org.learnstream.jobs.ingest.KafkaPublisherSettings;
import org.learnstream.jobs.ingest.KafkaStatementPublisher;
import org.learnstream.jobs.ingest.bench.BenchStatements;
import org.learnstream.jobs.ingest.bench.HttpOnlyServer;
import org.learnstream.jobs.ingest.bench.IngestLoadDriver;
import org.learnstream.jobs.ingest.bench.KafkaOnlyLoad;
import org.learnstream.jobs.ingest.bench.LoadResult;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.local.LocalKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code learnstream bench ingest}: sustained throughput and latency of the statements endpoint on loopback. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Starts an embedded Kafka broker and the ingest server on loopback, drives them with "
        + "concurrent clients and prints statements/s for batched POSTs and requests/s for "
        + "single-statement POSTs with p50/p99; then, as yardsticks, the same statements written by the "
        + "server's Kafka publisher alone, and the same requests answered at once by the server's HTTP "
        + "layer alone."})
public final class BenchIngestCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigMixin config;

  @Option(names = "--duration", paramLabel = "DURATION",
      description = "Sets bench.ingest.duration: Measured time per phase (ISO-8601, e.g. PT15S).")
  Duration durationFlag;

  @Option(names = "--warmup", paramLabel = "DURATION",
      description = "Sets bench.ingest.warmup: Unmeasured warm-up per phase (ISO-8601).")
  Duration warmupFlag;

  @Option(names = "--batch", paramLabel = "N", description = "Sets bench.ingest.batch: Statements per batched POST.")
  Integer batchFlag;

  @Option(names = "--batch-clients", paramLabel = "N",
      description = "Sets bench.ingest.batch-clients: Concurrent clients for batches.")
  Integer batchClientsFlag;

  @Option(names = "--single-clients", paramLabel = "N",
      description = "Sets bench.ingest.single-clients: Concurrent clients for single statements.")
  Integer singleClientsFlag;

  @Option(names = "--max-requests", paramLabel = "N",
      description = "Sets bench.ingest.max-requests: Request budget per phase.")
  Long maxRequestsFlag;

  @Option(names = "--partitions", paramLabel = "N",
      description = "Sets bench.ingest.partitions: Partitions of xapi.statements.")
  Integer partitionsFlag;

  private Duration duration;
  private Duration warmup;
  private int batch;
  private int batchClients;
  private int singleClients;
  private long maxRequests;

  /** The settings with the flags applied over them; the measured server takes the ingest.* settings, as serve does. */
  public Configuration settings() {
    Configuration settings = config.load(new SettingOverrides()
        .set(IngestBenchOptions.DURATION, durationFlag)
        .set(IngestBenchOptions.WARMUP, warmupFlag)
        .set(IngestBenchOptions.BATCH, batchFlag)
        .set(IngestBenchOptions.BATCH_CLIENTS, batchClientsFlag)
        .set(IngestBenchOptions.SINGLE_CLIENTS, singleClientsFlag)
        .set(IngestBenchOptions.MAX_REQUESTS, maxRequestsFlag)
        .set(IngestBenchOptions.PARTITIONS, partitionsFlag));
    duration = settings.get(IngestBenchOptions.DURATION);
    warmup = settings.get(IngestBenchOptions.WARMUP);
    batch = settings.get(IngestBenchOptions.BATCH);
    batchClients = settings.get(IngestBenchOptions.BATCH_CLIENTS);
    singleClients = settings.get(IngestBenchOptions.SINGLE_CLIENTS);
    maxRequests = settings.get(IngestBenchOptions.MAX_REQUESTS);
    return settings;
  }

  /** The yardstick: the same statements and producer settings, same clients, no HTTP and no validation. */
  private List<LoadResult> kafkaAlone(KafkaPublisherSettings settings, PrintWriter out) throws Exception {
    try (KafkaStatementPublisher publisher = new KafkaStatementPublisher(
        settings.withTransactionalIdPrefix(settings.transactionalIdPrefix() + "-kafka-alone"),
        new SimpleMeterRegistry())) {
      KafkaOnlyLoad load = new KafkaOnlyLoad(publisher, batch);
      load.run("warm-up", batchClients, true, warmup, maxRequests);
      LoadResult batched = load.run("yardstick: Kafka alone, batched", batchClients, true, duration, maxRequests);
      out.println(batched.describe());
      out.flush();
      LoadResult single = load.run("yardstick: Kafka alone, single", singleClients, false, duration, maxRequests);
      out.println(single.describe());
      out.flush();
      return List.of(batched, single);
    }
  }

  /** Warm-up and measured phase, batched then single statements, against one endpoint. */
  private List<LoadResult> drive(IngestLoadDriver driver, String label, PrintWriter out) throws Exception {
    BenchStatements bodies = new BenchStatements(batch);
    driver.run("warm-up", batchClients, batch, bodies::batch, warmup, maxRequests);
    LoadResult batched = driver.run(label + "batched (" + batch + "/request)", batchClients, batch, bodies::batch,
        duration, maxRequests);
    out.println(batched.describe());
    out.flush();
    driver.run("warm-up", singleClients, 1, bodies::single, warmup, maxRequests);
    LoadResult single = driver.run(label + "single statement", singleClients, 1, bodies::single, duration,
        maxRequests);
    out.println(single.describe());
    out.flush();
    return List.of(batched, single);
  }

  /** The second yardstick: the endpoint's HTTP server answering at once, driven by the same clients. */
  private List<LoadResult> httpAlone(PrintWriter out) throws Exception {
    try (HttpOnlyServer server = HttpOnlyServer.start(batch);
        IngestLoadDriver driver = new IngestLoadDriver(server.baseUrl(), "demo", "demo")) {
      return drive(driver, "yardstick: HTTP alone, ", out);
    }
  }

  @Override
  public Integer call() throws Exception {
    Configuration settings = settings();
    PrintWriter out = spec.commandLine().getOut();
    out.println("Starting an embedded Kafka broker and the ingest server ...");
    out.flush();
    try (LocalKafka kafka = LocalKafka.start()) {
      kafka.createTopics(Map.of(Topics.XAPI_STATEMENTS, settings.get(IngestBenchOptions.PARTITIONS)));
      KafkaPublisherSettings publisher = KafkaPublisherSettings.from(settings, kafka.bootstrapServers(),
          Topics.XAPI_STATEMENTS);
      out.println("Ingest server settings: " + publisher.transactionalProducers() + " transactional producers, "
          + IngestLimits.from(settings));
      List<LoadResult> endpoint = endpoint(settings, publisher, true, "", out);
      List<LoadResult> clear = endpoint(settings, publisher, false, "in the clear, ", out);
      List<LoadResult> kafkaAlone = kafkaAlone(publisher, out);
      List<LoadResult> httpAlone = httpAlone(out);
      out.printf("Endpoint as a share of Kafka alone: batched %.2f, single %.2f%n",
          share(endpoint, kafkaAlone, 0), share(endpoint, kafkaAlone, 1));
      out.printf("Endpoint as a share of HTTP alone: batched %.2f, single %.2f%n",
          share(endpoint, httpAlone, 0), share(endpoint, httpAlone, 1));
      out.printf("Sealing's cost on the endpoint: statements/s %.2f of in the clear batched, %.2f single; "
          + "CPU/request %.2f x in the clear batched, %.2f x single%n", share(endpoint, clear, 0),
          share(endpoint, clear, 1), cpuRatio(endpoint, clear, 0), cpuRatio(endpoint, clear, 1));
      return Stream.of(endpoint, clear, kafkaAlone, httpAlone).flatMap(List::stream)
          .allMatch(r -> r.failures() == 0) ? 0 : 1;
    }
  }

  /** The endpoint as serve runs it (documents database, and sealing or not), batched then single statements. */
  private List<LoadResult> endpoint(Configuration settings, KafkaPublisherSettings publisher, boolean sealing,
      String label, PrintWriter out) throws Exception {
    try (BenchEndpoint server = BenchEndpoint.start(settings, publisher, sealing);
        IngestLoadDriver driver = new IngestLoadDriver(server.baseUrl(), "demo", "demo")) {
      out.println("Endpoint " + server.baseUrl() + (sealing ? ", sealing" : ", in the clear") + ", "
          + Runtime.getRuntime().availableProcessors() + " CPUs");
      out.flush();
      return drive(driver, label, out);
    }
  }

  private static double cpuRatio(List<LoadResult> measured, List<LoadResult> baseline, int phase) {
    return measured.get(phase).cpuMillisPerRequest() / baseline.get(phase).cpuMillisPerRequest();
  }

  private static double share(List<LoadResult> measured, List<LoadResult> yardstick, int phase) {
    return measured.get(phase).statementsPerSecond() / yardstick.get(phase).statementsPerSecond();
  }
}
