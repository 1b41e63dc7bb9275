package org.learnstream.jobs.devtools;

import org.learnstream.jobs.cli.GrafanaHints;
import org.learnstream.jobs.cli.NotifierRecords;
import org.learnstream.jobs.cli.Progress;
import org.learnstream.jobs.cli.ConfigMixin;
import org.learnstream.jobs.devtools.DemoSummary;
import org.learnstream.jobs.devtools.DemoAlerts;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import me.tongfei.progressbar.ProgressBar;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.learnstream.jobs.pipeline.JobPseudonyms;
import org.learnstream.jobs.pipeline.PipelineJob;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.pipeline.Pseudonyms;
import org.learnstream.jobs.runtime.LocalRuntime;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.pipeline.simulate.StatementProducer;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.CohortSpec;
import org.learnstream.pipeline.simulate.DemoCohort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs a simulated cohort through the whole pipeline on the embedded services and shows what came out. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Start Kafka and ClickHouse locally, stream a simulated cohort of learners as xAPI "
        + "statements through the pipeline, and print what landed in ClickHouse.",
        "Stops every service it started."})
final class DemoCommand implements Callable<Integer> {

  @Mixin
  ConfigMixin config;

  @Option(names = "--learners", defaultValue = "200",
      description = "Learners in the cohort (default: ${DEFAULT-VALUE}).")
  int learners;

  @Option(names = "--days", defaultValue = "14", description = "School days of practice (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "20260302",
      description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--keep-running",
      description = "Leave the services and a live pipeline running after the summary; Ctrl-C stops them.")
  boolean keepRunning;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    Configuration settings = config.load();
    DemoCohort cohort = DemoCohort.of(seed, learners, days);
    CohortSpec spec = cohort.spec();
    out.printf("Learnstream demo: %d learners x %d skills x %d days (tenant %s, seed %d)%n",
        spec.learners(), spec.skillsCount(), spec.days(), spec.tenant(), spec.seed());
    LocalRuntime runtime = LocalRuntime.start(settings, line -> out.println("  " + line));
    try {
      CohortSimulator simulator = new CohortSimulator(spec);
      long total = simulator.truth().totalStatements() + cohort.malformed().size();
      long sent = send(settings, runtime, cohort, total);
      JobClient job = startPipeline(settings, runtime, !keepRunning);
      awaitRows(settings, runtime, job, simulator.truth().totalStatements(), !keepRunning);
      new DemoSummary(runtime.clickHouseClient(), settings.get(RuntimeOptions.CLICKHOUSE_DATABASE), out)
          .print(sent, simulator.truth(),
              JobPseudonyms.of(runtime.pipelineSettings(settings), Pseudonyms.fromEnvironment(),
                  spec.tenant(), simulator.truth().learners().stream().map(DemoSummary::canonicalIdentifier).toList()));
      DemoAlerts alerts = new DemoAlerts(runtime.clickHouseClient(), settings.get(RuntimeOptions.CLICKHOUSE_DATABASE),
          out);
      alerts.printRaised();
      try (NotifierRecords records = NotifierRecords.of(runtime.pipelineSettings(settings))) {
        alerts.deliver(runtime.kafkaBootstrap(), PipelineJob.topic(settings, Topics.ALERTS),
            PipelineJob.topic(settings, Topics.ALERT_SUBSCRIPTIONS), spec.tenant(), records.learners());
      }
      if (keepRunning) {
        keepRunning(runtime, job);
      }
    } finally {
      runtime.close();
      out.println("All services this demo started are stopped.");
    }
    return 0;
  }

  private long send(Configuration settings, LocalRuntime runtime, DemoCohort cohort, long total) {
    Iterator<Keyed> all = cohort.statements().iterator();
    try (StatementProducer producer = new StatementProducer(runtime.kafkaBootstrap(),
        PipelineJob.topic(settings, Topics.XAPI_STATEMENTS));
        ProgressBar bar = Progress.bar("statements -> Kafka", total)) {
      return producer.sendAll(all, bar::stepTo);
    }
  }

  /**
   * A bounded job reads the topic up to its current end and finishes; a live one keeps consuming, and statements
   * sent to it later reach mastery as they arrive (nothing waits for a watermark).
   */
  private JobClient startPipeline(Configuration settings, LocalRuntime runtime, boolean bounded) throws Exception {
    Configuration demo = runtime.pipelineSettings(settings);
    demo.set(PipelineOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(2));
    if (!settings.contains(PipelineOptions.RESTART_ATTEMPTS)) {
      demo.set(PipelineOptions.RESTART_ATTEMPTS, 3);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    PipelineJob.configure(env, demo);
    PipelineJob.wire(env, demo, runtime.kafkaBootstrap(), runtime.clickHouse(), bounded);
    return env.executeAsync(bounded ? "learnstream-demo" : "learnstream-live");
  }

  /**
   * Until the bounded job has finished, or the live one has landed every statement and its mastery updates have
   * stopped changing. Only the live job may be left running: a bounded one applies held answers at the end of its
   * input, which can come well after the last event landed, so its updates may stand still at any count until then.
   */
  private void awaitRows(Configuration settings, LocalRuntime runtime, JobClient job, long statements,
      boolean bounded) throws Exception {
    String db = settings.get(RuntimeOptions.CLICKHOUSE_DATABASE);
    var client = runtime.clickHouseClient();
    long lastUpdates = -1;
    long stableSince = System.nanoTime();
    // A finished local job shuts its MiniCluster down, so its status can no longer be asked: watch the result.
    var result = job.getJobExecutionResult();
    try (ProgressBar bar = Progress.bar("pipeline -> ClickHouse", statements)) {
      while (true) {
        long events = ClickHouseQueries.count(client, db + ".learning_events");
        bar.stepTo(events);
        if (result.isDone()) {
          result.get(); // throws with the cause when the job failed
          return;
        }
        long updates = ClickHouseQueries.count(client, db + ".mastery_updates");
        if (updates != lastUpdates) {
          lastUpdates = updates;
          stableSince = System.nanoTime();
        } else if (!bounded && events >= statements
            && System.nanoTime() - stableSince > Duration.ofSeconds(5).toNanos()) {
          return; // live job: everything landed and mastery has caught up with the watermark
        }
        Thread.sleep(500); // refresh pace of the progress display
      }
    }
  }

  private void keepRunning(LocalRuntime runtime, JobClient job) throws InterruptedException {
    out.println();
    out.println("Services keep running; the pipeline consumes new statements live. Connect with:");
    out.println("  Kafka bootstrap:  " + runtime.kafkaBootstrap() + "  (topic xapi.statements, key tenant|actor)");
    out.println("  ClickHouse HTTP:  " + runtime.clickHouse().url() + "  database " + runtime.clickHouse().database()
        + ", user " + runtime.clickHouse().user());
    out.println("  e.g. curl '" + runtime.clickHouse().url() + "/?query=SELECT+count()+FROM+"
        + runtime.clickHouse().database() + ".learning_events'");
    out.println("  data directory:   " + runtime.dataDir());
    GrafanaHints.lines(Path.of("dashboards", "provisioning"), runtime.clickHouse()).forEach(out::println);
    out.println("Press Ctrl-C to stop everything.");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      job.cancel();
      runtime.close();
      stopped.countDown();
    }, "learnstream-demo-stop"));
    stopped.await();
  }
}
