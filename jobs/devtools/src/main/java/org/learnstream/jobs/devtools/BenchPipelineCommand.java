package org.learnstream.jobs.devtools;

import org.learnstream.jobs.cli.Progress;
import org.learnstream.jobs.cli.SettingOverrides;
import org.learnstream.jobs.cli.ConfigMixin;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.bench.PipelineBench;
import org.learnstream.jobs.settings.PipelineBenchOptions;
import org.learnstream.jobs.runtime.LocalRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Throughput, latency, resource use and state size of the pipeline on this machine's services. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = {"Generate a simulated stream, run it through the pipeline on the embedded services (or "
        + "those configured) and print: sustained events/s for raw xAPI JSON through every stage and for "
        + "Avro learning.events through mastery, both into ClickHouse; the same events copied Kafka -> "
        + "ClickHouse by our sink alone and by ClickHouse's Kafka table engine as yardsticks; replay "
        + "speed; end-to-end latency percentiles (learning_events and mastery_updates rows) at half the xAPI "
        + "rate and at one statement per second; CPU and memory per process; Flink state per learner x skill.",
        "With --compare-best-lr: the xAPI phase, then the event log through mastery without and with Best-LR, "
            + "alternating for --rounds rounds.",
        "With --compare-sealing: the xAPI phase, then the whole job over its statements in the clear and sealed as "
            + "the endpoint seals them, alternating for --rounds rounds."})
public final class BenchPipelineCommand implements Callable<Integer> {

  @Mixin
  ConfigMixin config;

  @Option(names = "--statements", paramLabel = "N",
      description = "Sets bench.pipeline.statements: Statements in the stream.")
  Long statements;

  @Option(names = "--learners", paramLabel = "N",
      description = "Sets bench.pipeline.learners: Learners in the simulated cohort.")
  Integer learners;

  @Option(names = "--days", paramLabel = "N", description = "Sets bench.pipeline.days: Days the cohort spans.")
  Integer days;

  @Option(names = "--warmup-statements", paramLabel = "N",
      description = "Sets bench.pipeline.warmup-statements: Statements run through the whole pipeline, unmeasured, "
          + "before the measured phases; 0 measures a cold JVM.")
  Long warmupStatements;

  @Option(names = "--no-kafka-engine", description = "Skip the ClickHouse Kafka table engine yardstick (setting "
      + "bench.pipeline.kafka-engine: false).")
  boolean noKafkaEngine;

  @Option(names = "--no-replay", description = "Skip timing a replay of the event log (setting "
      + "bench.pipeline.replay: false).")
  boolean noReplay;

  @Option(names = "--latency-seconds", paramLabel = "SECONDS",
      description = "Sets bench.pipeline.latency-duration: Seconds of the latency measurement at half the xAPI rate; "
          + "0 skips it.")
  Integer latencySeconds;

  @Option(names = "--latency-checkpoint-ms", paramLabel = "MS",
      description = "Sets bench.pipeline.latency-checkpoint-interval: Checkpoint interval of the live job in the "
          + "latency run.")
  Long latencyCheckpointMs;

  @Option(names = "--low-rate-seconds", paramLabel = "SECONDS",
      description = "Sets bench.pipeline.low-rate-duration: Seconds of the latency measurement at one statement per "
          + "second, with the default checkpoint interval; 0 skips it.")
  Integer lowRateSeconds;

  @Option(names = "--compare-best-lr", description = "Instead of the other phases, run the event log through "
      + "mastery without and with Best-LR in alternating rounds and print each round (events/s and CPU per event), "
      + "the medians and their ratio against the 15 %% target, and the median ratio of CPU per event, which the "
      + "machine's other work does not sway (setting bench.pipeline.compare-best-lr: true). The model is "
      + "mastery.best-lr-file "
      + "when set, else one fitted on the simulated statements.")
  boolean compareBestLr;

  @Option(names = "--compare-sealing", description = "Instead of the other phases, seal the statements as the "
      + "endpoint seals them (before anything is measured), then run the whole job over them in the clear and sealed "
      + "in alternating rounds and print each round (events/s and CPU per event of the task threads and the JVM), the "
      + "medians, their ratio and the median of each round's ratio against the 10 %% target (setting "
      + "bench.pipeline.compare-sealing: true).")
  boolean compareSealing;

  @Option(names = "--rounds", paramLabel = "N",
      description = "Sets bench.pipeline.compare-rounds: Rounds of the Best-LR or sealing comparison, each running "
          + "both sides.")
  Integer rounds;

  @Option(names = "--output", paramLabel = "FILE", description = "Sets bench.pipeline.output: JSON results file.")
  Path output;

  private final PrintStream out = System.out;

  /** The settings with the flags applied over them. */
  public Configuration settings() {
    return config.load(new SettingOverrides()
        .set(PipelineBenchOptions.STATEMENTS, statements)
        .set(PipelineBenchOptions.LEARNERS, learners)
        .set(PipelineBenchOptions.DAYS, days)
        .set(PipelineBenchOptions.WARMUP_STATEMENTS, warmupStatements)
        .set(PipelineBenchOptions.KAFKA_ENGINE, noKafkaEngine ? false : null)
        .set(PipelineBenchOptions.REPLAY, noReplay ? false : null)
        .set(PipelineBenchOptions.LATENCY_DURATION, latencySeconds == null ? null : Duration.ofSeconds(latencySeconds))
        .set(PipelineBenchOptions.LATENCY_CHECKPOINT_INTERVAL,
            latencyCheckpointMs == null ? null : Duration.ofMillis(latencyCheckpointMs))
        .set(PipelineBenchOptions.LOW_RATE_DURATION, lowRateSeconds == null ? null : Duration.ofSeconds(lowRateSeconds))
        .set(PipelineBenchOptions.COMPARE_BEST_LR, compareBestLr ? true : null)
        .set(PipelineBenchOptions.COMPARE_SEALING, compareSealing ? true : null)
        .set(PipelineBenchOptions.COMPARE_ROUNDS, rounds)
        .set(PipelineBenchOptions.OUTPUT, output == null ? null : output.toString()));
  }

  @Override
  public Integer call() throws Exception {
    Configuration settings = settings();
    PipelineBench.Settings bench = PipelineBench.Settings.from(settings);
    Path results = Path.of(settings.get(PipelineBenchOptions.OUTPUT));
    try (LocalRuntime runtime = LocalRuntime.start(settings, line -> out.println("  " + line))) {
      BarProgress progress = new BarProgress();
      Map<String, Object> figures;
      try {
        figures = new PipelineBench(settings, runtime, bench, progress, out).run();
      } finally {
        progress.close();
      }
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(results.toFile(), figures);
      out.println("Results written to " + results.toAbsolutePath());
    }
    return 0;
  }

  /** One progress bar per phase, on stderr so the figures on stdout stay clean. */
  private static final class BarProgress implements PipelineBench.Progress {
    private ProgressBar bar;

    @Override
    public void phase(String name, long total) {
      close();
      bar = Progress.bar(name, total);
    }

    @Override
    public void step(long done) {
      if (bar != null) {
        bar.stepTo(done);
      }
    }

    void close() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }
}
