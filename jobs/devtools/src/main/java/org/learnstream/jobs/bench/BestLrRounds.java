package org.learnstream.jobs.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.learnstream.jobs.replay.ReplayJob;
import org.learnstream.jobs.runtime.LocalRuntime;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.mastery.bestlr.BestLrFitter;
import org.learnstream.pipeline.mastery.bestlr.BestLrModelFile;
import org.learnstream.pipeline.simulate.SimulatedStatement;

/**
 * {@code bench pipeline --compare-best-lr}: the event log of the xAPI phase through mastery (as a replay projects
 * it) without and with Best-LR, alternating in one process, so that the machine's other work and the JIT's state
 * weigh on both sides alike. Each round writes into a fresh database; a round with Best-LR must leave Best-LR's
 * model version on its mastery rows and one without must not, so a round that measured the wrong graph fails.
 */
final class BestLrRounds {

  private static final String DATABASE = "bench_best_lr";

  private final LocalRuntime runtime;
  private final int rounds;
  private final PipelineBench.Progress progress;
  private final PrintStream out;
  private final ProcessSampler sampler;

  BestLrRounds(LocalRuntime runtime, int rounds, PipelineBench.Progress progress, PrintStream out,
      ProcessSampler sampler) {
    this.runtime = runtime;
    this.rounds = rounds;
    this.progress = progress;
    this.out = out;
    this.sampler = sampler;
  }

  /** Runs the rounds over the {@code events} in the log of {@code config}'s topics; adds the figures to results. */
  void run(Configuration config, long events, Supplier<Iterator<SimulatedStatement>> statements,
      Map<String, Object> results) throws Exception {
    Path model = model(config, statements);
    BestLrComparison comparison = new BestLrComparison();
    List<Boolean> sides = BestLrComparison.schedule(rounds);
    for (int i = 0; i < sides.size(); i++) {
      boolean bestLr = sides.get(i);
      Configuration round = new Configuration(config);
      if (bestLr) {
        round.set(PipelineOptions.MASTERY_BEST_LR_FILE, model.toString());
      } else {
        round.removeConfig(PipelineOptions.MASTERY_BEST_LR_FILE);
      }
      BestLrComparison.Round measured = runOnce(round, i / 2 + 1, bestLr, events, config.get(
          PipelineOptions.TOPIC_PREFIX) + "best-lr-round-" + i);
      comparison.add(measured);
      out.println("  " + BestLrComparison.describe(measured));
    }
    BestLrComparison.Verdict sustained = comparison.sustained();
    BestLrComparison.Verdict wall = comparison.wall();
    out.println("  " + BestLrComparison.describe("sustained", sustained));
    out.println("  " + BestLrComparison.describe("to the job's end", wall));
    double roundRatio = comparison.medianRoundRatio();
    out.println("  " + BestLrComparison.describeRoundRatio(roundRatio));
    BestLrCpuCost.Verdict taskCpu = BestLrCpuCost.taskThreads(comparison.rounds());
    BestLrCpuCost.Verdict processCpu = BestLrCpuCost.process(comparison.rounds());
    out.println("  " + BestLrCpuCost.describe(taskCpu));
    out.println("  " + BestLrCpuCost.describe(processCpu));
    BestLrCpuCost.Verdict allCpu = BestLrCpuCost.jvmAndClickHouse(comparison.rounds());
    out.println("  " + BestLrCpuCost.describe(allCpu));
    results.put("best_lr_jvm_and_clickhouse_cpu", figures(allCpu));
    results.put("best_lr_median_round_ratio", Math.round(roundRatio * 1000) / 1000.0);
    results.put("best_lr_task_cpu", figures(taskCpu));
    results.put("best_lr_process_cpu", figures(processCpu));
    results.put("best_lr_model_file", model.toString());
    results.put("best_lr_rounds", comparison.rounds().stream().map(BestLrRounds::figures).toList());
    results.put("best_lr_sustained", figures(sustained));
    results.put("best_lr_to_job_end", figures(wall));
  }

  private BestLrComparison.Round runOnce(Configuration config, int number, boolean bestLr, long events,
      String groupId) throws Exception {
    String db = PipelineBench.database(runtime, DATABASE);
    StreamExecutionEnvironment env = PipelineBench.environment(config);
    ReplayJob.projectLog(env, config, runtime.kafkaBootstrap(), runtime.clickHouse().withDatabase(db), groupId);
    progress.phase("round " + number + (bestLr ? ": with Best-LR" : ": without Best-LR"), events);
    sampler.start();
    TaskThreadCpu cpu = TaskThreadCpu.start();
    RowRate.Measured m;
    try {
      m = RowRate.await(runtime.clickHouseClient(), db + ".learning_events", events,
          env.executeAsync("bench best-lr round " + number + (bestLr ? " with" : " without")), sampler,
          progress::step);
    } finally {
      cpu.close();
    }
    TaskThreadCpu.Spent spent = cpu.stop();
    long withModel = ClickHouseQueries.scalarLong(runtime.clickHouseClient(),
        "SELECT count() FROM " + db + ".mastery_updates WHERE best_lr_model_version IS NOT NULL");
    if (bestLr != withModel > 0) {
      throw new IllegalStateException("round " + number + (bestLr ? " with" : " without") + " Best-LR wrote "
          + withModel + " mastery rows with a Best-LR model version");
    }
    return new BestLrComparison.Round(number, bestLr, m.sustainedPerSecond(), m.rows() / m.wallSeconds(),
        LoadAverage.read(), spent.taskThreadsNanos() / 1e3 / m.rows(), spent.processNanos() / 1e3 / m.rows(),
        sampler.cpuSecondsSinceStart(ProcessSampler.CLICKHOUSE) * 1e6 / m.rows());
  }

  /** The model of {@code mastery.best-lr-file}, or one fitted on the simulated statements. */
  private Path model(Configuration config, Supplier<Iterator<SimulatedStatement>> statements) throws Exception {
    String configured = config.getOptional(PipelineOptions.MASTERY_BEST_LR_FILE).orElse("");
    if (!configured.isBlank()) {
      out.println("  Best-LR model: " + configured + " (mastery.best-lr-file)");
      return Path.of(configured);
    }
    progress.phase("fitting a Best-LR model on the simulated answers", 1);
    BestLrFitter.FitResult fit = SimulatedBestLrModel.fit(statements.get(), "best-lr/bench");
    Path file = Files.createTempFile("learnstream-bench-best-lr", ".json");
    file.toFile().deleteOnExit();
    BestLrModelFile.write(file, fit.model(), BestLrFitter.Options.DEFAULTS.c(), fit.responses());
    out.printf("  Best-LR model: fitted on %d simulated answers (%d skills, %d items)%n", fit.responses(),
        fit.model().layout().skills().size(), fit.model().layout().items().size());
    return file;
  }

  private static Map<String, Object> figures(BestLrComparison.Round r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("round", r.number());
    m.put("best_lr", r.bestLr());
    m.put("sustained_events_per_s", Math.round(r.sustainedPerSecond()));
    m.put("to_job_end_events_per_s", Math.round(r.wallPerSecond()));
    m.put("load_average", r.loadAverage());
    m.put("task_cpu_us_per_event", Math.round(r.taskCpuPerEvent() * 10) / 10.0);
    m.put("process_cpu_us_per_event", Math.round(r.processCpuPerEvent() * 10) / 10.0);
    m.put("clickhouse_cpu_us_per_event", Math.round(r.clickHouseCpuPerEvent() * 10) / 10.0);
    return m;
  }

  private static Map<String, Object> figures(BestLrCpuCost.Verdict v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("median_without_us_per_event", Math.round(v.medianWithout() * 10) / 10.0);
    m.put("median_with_us_per_event", Math.round(v.medianWith() * 10) / 10.0);
    m.put("median_round_ratio", Math.round(v.medianRoundRatio() * 1000) / 1000.0);
    m.put("throughput_share", Math.round(v.throughputShare() * 1000) / 1000.0);
    m.put("met", v.met());
    return m;
  }

  private static Map<String, Object> figures(BestLrComparison.Verdict v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("median_without", Math.round(v.medianWithout()));
    m.put("median_with", Math.round(v.medianWith()));
    m.put("ratio", Math.round(v.ratio() * 1000) / 1000.0);
    m.put("target_max_drop", BestLrComparison.MAX_DROP);
    m.put("met", v.met());
    return m;
  }
}
