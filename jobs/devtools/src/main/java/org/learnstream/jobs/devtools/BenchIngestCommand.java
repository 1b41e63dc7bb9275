package org.learnstream.jobs.devtools;

import org.learnstream.jobs.ingest.IngestLimits;
import org.learnstream.jobs.cli.SettingOverrides;
import org.learnstream.jobs.cli.ConfigMixin;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.settings.IngestBenchOptions;
import org.learnstream.jobs.settings.IngestOptions;
import org.learnstream.jobs.ingest.KafkaPublisherSettings;
import org.learnstream.jobs.ingest.KafkaStatementPublisher;
import org.learnstream.jobs.bench.PairedComparison;
import org.learnstream.jobs.bench.ThreadGroups;
import org.learnstream.jobs.ingest.bench.BenchStatements;
import org.learnstream.jobs.ingest.bench.HttpOnlyServer;
import org.learnstream.jobs.ingest.bench.IngestLoadDriver;
import org.learnstream.jobs.ingest.bench.KafkaOnlyLoad;
import org.learnstream.jobs.ingest.bench.LoadResult;
import org.learnstream.jobs.ingest.bench.WarmedPhases;
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
        + "single-statement POSTs with p50/p99, each right before its yardstick, the same statements written by "
        + "the server's Kafka publisher alone, and the same endpoint writing in the clear (the endpoint runs as "
        + "serve runs it, with its documents database, sealing each statement under its learner's record; the "
        + "ratio to the clear one is sealing's cost); then, as a second yardstick, the same requests answered at "
        + "once by the server's HTTP layer alone. Every phase's warm-up runs before the first measured phase, so "
        + "that each is measured on code the JIT compiler has had the same time to compile, and each measured phase "
        + "right after an unmeasured run of itself as long, so that less of the compiler adapting to it "
        + "again is measured. The phases are measured in rounds, each starting one phase later than the one before; "
        + "the shares printed are the medians of the rounds' own."})
public final class BenchIngestCommand implements Callable<Integer> {

  /** The measured phases' places in {@link #phases}. */
  private static final int SEALED_BATCHED = 0;
  private static final int KAFKA_BATCHED = 1;
  private static final int CLEAR_BATCHED = 2;
  private static final int SEALED_SINGLE = 3;
  private static final int KAFKA_SINGLE = 4;
  private static final int CLEAR_SINGLE = 5;
  private static final int HTTP_BATCHED = 6;
  private static final int HTTP_SINGLE = 7;

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigMixin config;

  @Option(names = "--duration", paramLabel = "DURATION",
      description = "Sets bench.ingest.duration: Measured time per phase (ISO-8601, e.g. PT15S).")
  Duration durationFlag;

  @Option(names = "--warmup", paramLabel = "DURATION",
      description = "Sets bench.ingest.warmup: Unmeasured warm-up per phase, all before the first measured phase "
          + "(ISO-8601).")
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

  @Option(names = "--rounds", paramLabel = "N",
      description = "Sets bench.ingest.rounds: Measured rounds, each starting one phase later than the one before.")
  Integer roundsFlag;

  @Option(names = "--partitions", paramLabel = "N",
      description = "Sets bench.ingest.partitions: Partitions of xapi.statements.")
  Integer partitionsFlag;

  private Duration duration;
  private Duration warmup;
  private int batch;
  private int batchClients;
  private int singleClients;
  private long maxRequests;
  private int rounds;

  /** The settings with the flags applied over them; the measured server takes the ingest.* settings, as serve does. */
  public Configuration settings() {
    Configuration settings = config.load(new SettingOverrides()
        .set(IngestBenchOptions.DURATION, durationFlag)
        .set(IngestBenchOptions.WARMUP, warmupFlag)
        .set(IngestBenchOptions.BATCH, batchFlag)
        .set(IngestBenchOptions.BATCH_CLIENTS, batchClientsFlag)
        .set(IngestBenchOptions.SINGLE_CLIENTS, singleClientsFlag)
        .set(IngestBenchOptions.MAX_REQUESTS, maxRequestsFlag)
        .set(IngestBenchOptions.ROUNDS, roundsFlag)
        .set(IngestBenchOptions.PARTITIONS, partitionsFlag));
    duration = settings.get(IngestBenchOptions.DURATION);
    warmup = settings.get(IngestBenchOptions.WARMUP);
    batch = settings.get(IngestBenchOptions.BATCH);
    batchClients = settings.get(IngestBenchOptions.BATCH_CLIENTS);
    singleClients = settings.get(IngestBenchOptions.SINGLE_CLIENTS);
    maxRequests = settings.get(IngestBenchOptions.MAX_REQUESTS);
    rounds = settings.get(IngestBenchOptions.ROUNDS);
    return settings;
  }

  @Override
  public Integer call() throws Exception {
    Configuration settings = settings();
    PrintWriter out = spec.commandLine().getOut();
    out.println("Starting an embedded Kafka broker and the ingest server ...");
    out.flush();
    SimpleMeterRegistry aloneMeters = new SimpleMeterRegistry();
    KafkaTraffic transactions = new KafkaTraffic();
    try (LocalKafka kafka = LocalKafka.start()) {
      kafka.createTopics(Map.of(Topics.XAPI_STATEMENTS, settings.get(IngestBenchOptions.PARTITIONS)));
      KafkaPublisherSettings publisher = KafkaPublisherSettings.from(settings, kafka.bootstrapServers(),
          Topics.XAPI_STATEMENTS);
      out.println("Ingest server settings: " + publisher.transactionalProducers()
          + " batch committers, each writing with 2 transactional producers in turn, " + IngestLimits.from(settings));
      try (BenchEndpoint sealed = BenchEndpoint.start(settings, publisher, true);
          BenchEndpoint clear = BenchEndpoint.start(settings, publisher, false);
          IngestLoadDriver endpoint = new IngestLoadDriver(sealed.baseUrl(), "demo", "demo");
          IngestLoadDriver inTheClear = new IngestLoadDriver(clear.baseUrl(), "demo", "demo");
          // the yardstick: the same statements and producer settings, same clients, no HTTP and no validation
          KafkaStatementPublisher alone = new KafkaStatementPublisher(
              publisher.withTransactionalIdPrefix(publisher.transactionalIdPrefix() + "-kafka-alone"), aloneMeters);
          // the second yardstick: the endpoint's HTTP server answering at once, driven by the same clients
          HttpOnlyServer httpServer = HttpOnlyServer.start(batch);
          IngestLoadDriver http = new IngestLoadDriver(httpServer.baseUrl(), "demo", "demo")) {
        out.println("Endpoint as serve runs it (documents database, sealing) " + sealed.baseUrl()
            + ", the same in the clear " + clear.baseUrl() + ", Kafka " + kafka.bootstrapServers() + ", "
            + Runtime.getRuntime().availableProcessors() + " CPUs");
        List<WarmedPhases.Named> phases = phases(endpoint, inTheClear, new KafkaOnlyLoad(alone, batch), http,
            transactions, sealed.meters(), clear.meters(), aloneMeters);
        out.println("Warm-up: each of the " + phases.size() + " phases runs " + warmup + " unmeasured, all of them "
            + "before the first measured phase, so that the endpoint and its yardsticks are measured on code compiled "
            + "alike");
        out.flush();
        List<List<LoadResult>> measured = WarmedPhases.runRounds(phases, warmup, duration, rounds, r -> {
          out.println(r.describe());
          String committed = transactions.line(r.name());
          if (!committed.isEmpty()) {
            out.println(committed);
          }
          out.flush();
        });
        String of = rounds == 1 ? "" : " (median of " + rounds + " rounds' own)";
        out.printf("Endpoint as a share of Kafka alone%s: batched %.2f, single %.2f (in the clear: %.2f, %.2f)%n", of,
            share(measured, SEALED_BATCHED, KAFKA_BATCHED), share(measured, SEALED_SINGLE, KAFKA_SINGLE),
            share(measured, CLEAR_BATCHED, KAFKA_BATCHED), share(measured, CLEAR_SINGLE, KAFKA_SINGLE));
        if (rounds > 1) {
          out.println("  batched, round by round: " + shares(measured, SEALED_BATCHED, KAFKA_BATCHED)
              + " (in the clear: " + shares(measured, CLEAR_BATCHED, KAFKA_BATCHED) + ")");
        }
        out.printf("Endpoint as a share of HTTP alone%s: batched %.2f, single %.2f%n", of,
            share(measured, SEALED_BATCHED, HTTP_BATCHED), share(measured, SEALED_SINGLE, HTTP_SINGLE));
        out.printf("Sealing's cost on the endpoint%s: statements/s %.2f of in the clear batched, %.2f single; "
            + "CPU/request %.2f x in the clear batched, %.2f x single%n", of,
            share(measured, SEALED_BATCHED, CLEAR_BATCHED), share(measured, SEALED_SINGLE, CLEAR_SINGLE),
            cpuRatio(measured, SEALED_BATCHED, CLEAR_BATCHED), cpuRatio(measured, SEALED_SINGLE, CLEAR_SINGLE));
        cpuByGroup(phases, measured, CLEAR_BATCHED, SEALED_BATCHED, 5).forEach(out::println);
        // where the endpoint spends beyond its yardstick: the broker's share of the yardstick itself shows here too
        cpuByGroup(phases, measured, KAFKA_BATCHED, CLEAR_BATCHED, 5).forEach(out::println);
        cpuByGroup(phases, measured, CLEAR_SINGLE, SEALED_SINGLE, 2).forEach(out::println);
        return measured.stream().flatMap(List::stream).allMatch(r -> r.failures() == 0) ? 0 : 1;
      }
    }
  }

  /**
   * Each endpoint phase next to its Kafka yardstick and to the same endpoint in the clear, so that a change in the
   * machine's load meets them alike.
   */
  private List<WarmedPhases.Named> phases(IngestLoadDriver endpoint, IngestLoadDriver clear, KafkaOnlyLoad kafka,
      IngestLoadDriver http, KafkaTraffic transactions, MeterRegistry sealedMeters, MeterRegistry clearMeters,
      MeterRegistry aloneMeters) {
    BenchStatements bodies = new BenchStatements(batch);
    return List.of(
        new WarmedPhases.Named("batched (" + batch + "/request)", transactions.around(sealedMeters,
            (name, d) -> endpoint.run(name, batchClients, batch, bodies::batch, d, maxRequests))),
        new WarmedPhases.Named("yardstick: Kafka alone, batched", transactions.around(aloneMeters,
            (name, d) -> kafka.run(name, batchClients, true, d, maxRequests))),
        new WarmedPhases.Named("in the clear, batched (" + batch + "/request)", transactions.around(clearMeters,
            (name, d) -> clear.run(name, batchClients, batch, bodies::batch, d, maxRequests))),
        new WarmedPhases.Named("single statement",
            (name, d) -> endpoint.run(name, singleClients, 1, bodies::single, d, maxRequests)),
        new WarmedPhases.Named("yardstick: Kafka alone, single",
            (name, d) -> kafka.run(name, singleClients, false, d, maxRequests)),
        new WarmedPhases.Named("in the clear, single statement",
            (name, d) -> clear.run(name, singleClients, 1, bodies::single, d, maxRequests)),
        new WarmedPhases.Named("yardstick: HTTP alone, batched (" + batch + "/request)",
            (name, d) -> http.run(name, batchClients, batch, bodies::batch, d, maxRequests)),
        new WarmedPhases.Named("yardstick: HTTP alone, single statement",
            (name, d) -> http.run(name, singleClients, 1, bodies::single, d, maxRequests)));
  }

  /** Where the sealing endpoint's CPU per request differs from the clear one's, by group of threads, over the rounds. */
  private static List<String> cpuByGroup(List<WarmedPhases.Named> phases, List<List<LoadResult>> rounds,
      int clearPhase, int sealedPhase, double atLeastMicros) {
    ThreadGroups groups = new ThreadGroups(List.of("sealed", "clear")); // the two endpoints' transactional ids
    for (List<LoadResult> round : rounds) {
      groups.add(false, round.get(clearPhase).cpuByGroup(), round.get(clearPhase).requests());
      groups.add(true, round.get(sealedPhase).cpuByGroup(), round.get(sealedPhase).requests());
    }
    return groups.describe(phases.get(clearPhase).name(), phases.get(sealedPhase).name(), "request", atLeastMicros);
  }

  /** The median over the rounds of each round's CPU per request of {@code phase} over that of {@code baseline}. */
  private static double cpuRatio(List<List<LoadResult>> rounds, int phase, int baseline) {
    return PairedComparison.median(rounds.stream()
        .mapToDouble(r -> r.get(phase).cpuMillisPerRequest() / r.get(baseline).cpuMillisPerRequest()).toArray());
  }

  /** The median over the rounds of each round's statements/s of {@code phase} over its {@code yardstick}'s. */
  private static double share(List<List<LoadResult>> rounds, int phase, int yardstick) {
    return PairedComparison.median(shareByRound(rounds, phase, yardstick));
  }

  private static String shares(List<List<LoadResult>> rounds, int phase, int yardstick) {
    return Arrays.stream(shareByRound(rounds, phase, yardstick)).mapToObj(v -> String.format("%.2f", v))
        .collect(Collectors.joining(", "));
  }

  private static double[] shareByRound(List<List<LoadResult>> rounds, int phase, int yardstick) {
    return rounds.stream().mapToDouble(r -> r.get(phase).statementsPerSecond() / r.get(yardstick)
        .statementsPerSecond()).toArray();
  }
}
