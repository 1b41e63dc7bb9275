package org.learnstream.jobs.devtools;

import org.learnstream.jobs.cli.SettingOverrides;
import org.learnstream.jobs.cli.Reachability;
import org.learnstream.jobs.cli.ConfigMixin;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.bench.LoadAverage;
import org.learnstream.jobs.settings.ReadAfterWriteBenchOptions;
import org.learnstream.jobs.bench.ReadAfterWriteProbe;
import org.learnstream.jobs.chaos.IngestLoad;
import org.learnstream.jobs.config.ConfigException;
import org.learnstream.jobs.settings.ClientVariables;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.CohortSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code learnstream bench read-after-write}: how long after its 200 a statement is readable, under load. */
@Command(name = "read-after-write", mixinStandardHelpOptions = true,
    description = {"Against a running learnstream serve: posts the demo's cohort at a steady rate through four LMS "
        + "clients (the send client's retrying sender) and meanwhile posts probe statements, each timed from its 200 "
        + "until a query by its activity to the same server returns it (ClickHouse's page merged with the statements "
        + "the server accepted that have not landed yet). "
        + "Prints p50, p99 and max over the probes."})
final class BenchReadAfterWriteCommand implements Callable<Integer> {

  @Mixin
  ConfigMixin config;

  @Option(names = "--to", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080/xapi/",
      description = "xAPI base URL of the running serve.%nDefault: ${DEFAULT-VALUE}")
  URI xapiBase;

  @Option(names = "--user", paramLabel = "USER", defaultValue = "demo",
      description = "Basic user (credential key); its secret from $LEARNSTREAM_XAPI_PASSWORD, 'demo' for demo.")
  String user;

  @Option(names = "--probes", paramLabel = "N", description = "Sets bench.read-after-write.probes: Probe statements.")
  Integer probesFlag;

  @Option(names = "--probers", paramLabel = "N",
      description = "Sets bench.read-after-write.probers: Probes in flight at once.")
  Integer probersFlag;

  @Option(names = "--rate", paramLabel = "N",
      description = "Sets bench.read-after-write.rate: Statements per second of the cohort posted meanwhile.")
  Integer rateFlag;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    Configuration settings = config.load(new SettingOverrides()
        .set(ReadAfterWriteBenchOptions.PROBES, probesFlag)
        .set(ReadAfterWriteBenchOptions.PROBERS, probersFlag)
        .set(ReadAfterWriteBenchOptions.RATE, rateFlag));
    URI base = URI.create(xapiBase.toString().endsWith("/") ? xapiBase.toString() : xapiBase + "/");
    Reachability.requireHttp(base, "xAPI endpoint", "start it (learnstream serve) or correct --to");
    String secret = System.getenv(ClientVariables.XAPI_PASSWORD.name());
    if (secret == null && !user.equals("demo")) {
      throw new ConfigException("Set " + ClientVariables.XAPI_PASSWORD.name() + " to the secret of --user " + user);
    }
    secret = secret == null ? "demo" : secret;
    int probes = settings.get(ReadAfterWriteBenchOptions.PROBES);
    int rate = settings.get(ReadAfterWriteBenchOptions.RATE);
    ReadAfterWriteProbe probe = new ReadAfterWriteProbe(base, user, secret,
        settings.get(ReadAfterWriteBenchOptions.GIVE_UP));
    Path dir = Files.createTempDirectory("learnstream-read-after-write");
    try (IngestLoad load = new IngestLoad(base, user, secret, dir)) {
      if (rate > 0) {
        load.start(new CohortSimulator(CohortSpec.demo()).iterator(), rate);
      }
      out.printf(Locale.ROOT, "%d probes, %d in flight, while the demo's cohort is posted at %d statements/s; load "
          + "average before: %s%n", probes, settings.get(ReadAfterWriteBenchOptions.PROBERS), rate,
          LoadAverage.read());
      List<Long> delays = probe(probe, probes, settings.get(ReadAfterWriteBenchOptions.PROBERS));
      Collections.sort(delays);
      out.printf(Locale.ROOT, "read-after-write over %d probes: p50 %d ms, p99 %d ms, max %d ms; cohort statements "
          + "answered 200 meanwhile: %,d; load average after: %s%n", delays.size(), percentile(delays, 0.50),
          percentile(delays, 0.99), delays.get(delays.size() - 1), load.acknowledged(), LoadAverage.read());
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
    return 0;
  }

  private static List<Long> probe(ReadAfterWriteProbe probe, int probes, int probers) throws Exception {
    AtomicInteger left = new AtomicInteger(probes);
    List<Long> delays = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(probers);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < probers; i++) {
        running.add(pool.submit(() -> {
          while (left.getAndDecrement() > 0) {
            delays.add(probe.measureOnce());
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get(); // a probe that never became readable fails the run with its reason
      }
    } finally {
      pool.shutdownNow();
    }
    return new ArrayList<>(delays);
  }

  /** The nearest-rank percentile of sorted values. */
  private static long percentile(List<Long> sorted, double p) {
    return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
  }
}
