package org.learnstream.jobs.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.learnstream.jobs.ingest.IngestServer;
import org.learnstream.jobs.ingest.IngestServerSettings;
import org.learnstream.jobs.ingest.KafkaPublisherSettings;
import org.learnstream.jobs.ingest.KafkaStatementPublisher;
import org.learnstream.jobs.ingest.StatementStore;
import org.learnstream.jobs.ingest.bench.BenchStatements;
import org.learnstream.jobs.ingest.bench.HttpOnlyServer;
import org.learnstream.jobs.ingest.bench.IngestLoadDriver;
import org.learnstream.jobs.ingest.bench.KafkaOnlyLoad;
import org.learnstream.jobs.ingest.bench.LoadResult;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.local.LocalKafka;
import picocli.CommandLine.Command;
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

  @Option(names = "--duration", defaultValue = "PT15S", description = "Measured time per phase (ISO-8601). Default: ${DEFAULT-VALUE}")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "PT90S",
      description = "Unmeasured warm-up per phase, so that the figures are those of a server that has run a while. On "
          + "two cores the JIT compiler, sharing them with the broker, server and clients, still takes a quarter of "
          + "the CPU 60 s into the load and settles after about two minutes. Default: ${DEFAULT-VALUE}")
  Duration warmup;

  @Option(names = "--batch", defaultValue = "100", description = "Statements per batched POST. Default: ${DEFAULT-VALUE}")
  int batch;

  @Option(names = "--batch-clients", defaultValue = "16",
      description = "Concurrent clients for batches; batches that wait together share a Kafka transaction, so more "
          + "clients cost the broker less per statement. Default: ${DEFAULT-VALUE}")
  int batchClients;

  @Option(names = "--single-clients", defaultValue = "64",
      description = "Concurrent clients for single statements; each waits for its statement's acks=all write, so "
          + "fewer clients leave the machine idle. Default: ${DEFAULT-VALUE}")
  int singleClients;

  @Option(names = "--max-requests", defaultValue = "2000000", description = "Request budget per phase. Default: ${DEFAULT-VALUE}")
  long maxRequests;

  @Option(names = "--partitions", defaultValue = "3", description = "Partitions of xapi.statements. Default: ${DEFAULT-VALUE}")
  int partitions;

  /** The yardstick: the same statements and producer settings, same clients, no HTTP and no validation. */
  private List<LoadResult> kafkaAlone(String bootstrap, PrintWriter out) throws Exception {
    try (KafkaStatementPublisher publisher = new KafkaStatementPublisher(KafkaPublisherSettings.defaults(bootstrap)
        .withTransactionalIdPrefix("learnstream-bench-kafka-alone"), new SimpleMeterRegistry())) {
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
    PrintWriter out = spec.commandLine().getOut();
    out.println("Starting an embedded Kafka broker and the ingest server ...");
    out.flush();
    try (LocalKafka kafka = LocalKafka.start()) {
      kafka.createTopics(Map.of(Topics.XAPI_STATEMENTS, partitions));
      KafkaPublisherSettings publisher = KafkaPublisherSettings.defaults(kafka.bootstrapServers())
          .withTransactionalIdPrefix("learnstream-bench-ingest");
      List<LoadResult> endpoint;
      try (IngestServer server = IngestServer.start(IngestServerSettings.local(0, kafka.bootstrapServers())
          .withKafka(publisher), StatementStore.NONE);
          IngestLoadDriver driver = new IngestLoadDriver(server.baseUrl(), "demo", "demo")) {
        out.println("Endpoint " + server.baseUrl() + ", Kafka " + kafka.bootstrapServers() + ", "
            + Runtime.getRuntime().availableProcessors() + " CPUs");
        out.flush();
        endpoint = drive(driver, "", out);
      }
      List<LoadResult> kafkaAlone = kafkaAlone(kafka.bootstrapServers(), out);
      List<LoadResult> httpAlone = httpAlone(out);
      out.printf("Endpoint as a share of Kafka alone: batched %.2f, single %.2f%n",
          share(endpoint, kafkaAlone, 0), share(endpoint, kafkaAlone, 1));
      out.printf("Endpoint as a share of HTTP alone: batched %.2f, single %.2f%n",
          share(endpoint, httpAlone, 0), share(endpoint, httpAlone, 1));
      return Stream.of(endpoint, kafkaAlone, httpAlone).flatMap(List::stream)
          .allMatch(r -> r.failures() == 0) ? 0 : 1;
    }
  }

  private static double share(List<LoadResult> measured, List<LoadResult> yardstick, int phase) {
    return measured.get(phase).statementsPerSecond() / yardstick.get(phase).statementsPerSecond();
  }
}
