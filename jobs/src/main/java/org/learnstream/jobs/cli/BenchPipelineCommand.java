package org.learnstream.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.bench.PipelineBench;
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
            + "speed; end-to-end latency percentiles at half the xAPI rate; CPU and memory per process; Flink "
            + "state per learner x skill."})
final class BenchPipelineCommand implements Callable<Integer> {

  @Mixin
  ConfigMixin config;

  @Option(names = "--statements", defaultValue = "1000000", description = "Statements in the stream (default: ${DEFAULT-VALUE}).")
  long statements;

  @Option(names = "--learners", defaultValue = "5000", description = "Learners in the simulated cohort (default: ${DEFAULT-VALUE}).")
  int learners;

  @Option(names = "--days", defaultValue = "60", description = "Days the cohort spans (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--warmup-statements", defaultValue = "100000",
      description = "Statements run through the whole pipeline, unmeasured, before the measured phases, so the JIT "
          + "compiler has compiled the hot path; 0 measures a cold JVM (default: ${DEFAULT-VALUE}).")
  long warmupStatements;

  @Option(names = "--no-kafka-engine", description = "Skip the ClickHouse Kafka table engine yardstick.")
  boolean noKafkaEngine;

  @Option(names = "--no-replay", description = "Skip timing a replay of the event log.")
  boolean noReplay;

  @Option(names = "--latency-seconds", defaultValue = "20",
      description = "Seconds of the latency measurement at half the xAPI rate; 0 skips it (default: ${DEFAULT-VALUE}).")
  int latencySeconds;

  @Option(names = "--latency-checkpoint-ms", defaultValue = "1000",
      description = "Checkpoint interval of the live job in the latency run; ClickHouse rows flush at each "
          + "(default: ${DEFAULT-VALUE}).")
  long latencyCheckpointMs;

  @Option(names = "--output", defaultValue = "bench-pipeline.json", description = "JSON results file (default: ${DEFAULT-VALUE}).")
  Path output;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    Configuration settings = config.load();
    PipelineBench.Settings bench = new PipelineBench.Settings(statements, warmupStatements, learners, days, !noKafkaEngine,
        !noReplay,
        Duration.ofSeconds(latencySeconds), Duration.ofMillis(latencyCheckpointMs));
    try (LocalRuntime runtime = LocalRuntime.start(settings, line -> out.println("  " + line))) {
      BarProgress progress = new BarProgress();
      Map<String, Object> results;
      try {
        results = new PipelineBench(settings, runtime, bench, progress, out).run();
      } finally {
        progress.close();
      }
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(output.toFile(), results);
      out.println("Results written to " + output.toAbsolutePath());
    }
    return 0;
  }

  /** One progress bar per phase, on stderr so the figures on stdout stay clean. */
  private static final class BarProgress implements PipelineBench.Progress {
    private ProgressBar bar;

    @Override
    public void phase(String name, long total) {
      close();
      bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(250).continuousUpdate().setConsumer(new ConsoleProgressBarConsumer(System.err))
          .build();
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
