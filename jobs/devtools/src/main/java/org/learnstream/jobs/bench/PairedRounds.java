package org.learnstream.jobs.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.learnstream.jobs.runtime.LocalRuntime;

/**
 * The alternating runs of a {@link PairedComparison} in one process: each run measured as the job writes its
 * {@code learning_events} rows (events/s, CPU of the task threads, the JVM and clickhouse-server per event), each
 * round printed as it ends, then the medians, their ratio and the CPU ratios, all also added to the results under
 * one key prefix.
 */
final class PairedRounds {

  /** One run of one side. */
  interface Run {
    /** Starts the job of the side ({@code treated} or the baseline) on its input, writing into {@code database}. */
    JobClient start(int number, boolean treated, String database) throws Exception;

    /** Fails when the finished run did not measure the side it was meant to. */
    void check(int number, boolean treated, String database) throws Exception;

    /** Words that name a side in the names of its threads (topics, transactional ids); none by default. */
    default List<String> sideWords() {
      return List.of();
    }
  }

  private final LocalRuntime runtime;
  private final PipelineBench.Progress progress;
  private final PrintStream out;
  private final ProcessSampler sampler;

  PairedRounds(LocalRuntime runtime, PipelineBench.Progress progress, PrintStream out, ProcessSampler sampler) {
    this.runtime = runtime;
    this.progress = progress;
    this.out = out;
    this.sampler = sampler;
  }

  LocalRuntime runtime() {
    return runtime;
  }

  PipelineBench.Progress progress() {
    return progress;
  }

  PrintStream out() {
    return out;
  }

  /**
   * Runs {@code rounds} rounds of {@code comparison}'s two sides over {@code events} events each, every run into a
   * fresh {@code database}; adds the figures to {@code results} under keys starting with {@code key}.
   */
  void run(PairedComparison comparison, int rounds, long events, String database, Run run, String key,
      Map<String, Object> results) throws Exception {
    List<Boolean> sides = PairedComparison.schedule(rounds);
    ThreadGroups groups = new ThreadGroups(run.sideWords());
    for (int i = 0; i < sides.size(); i++) {
      PairedComparison.Round measured = runOnce(comparison.sides(), run, i / 2 + 1, sides.get(i), events, database,
          groups);
      comparison.add(measured);
      out.println("  " + comparison.describe(measured));
    }
    PairedComparison.Verdict sustained = comparison.sustained();
    PairedComparison.Verdict wall = comparison.wall();
    out.println("  " + comparison.describe("sustained", sustained));
    out.println("  " + comparison.describe("to the job's end", wall));
    double roundRatio = comparison.medianRoundRatio();
    out.println("  " + comparison.describeRoundRatio(roundRatio));
    PairedComparison.Sides s = comparison.sides();
    PairedCpuCost.Verdict taskCpu = PairedCpuCost.taskThreads(s, comparison.rounds());
    PairedCpuCost.Verdict processCpu = PairedCpuCost.process(s, comparison.rounds());
    PairedCpuCost.Verdict allCpu = PairedCpuCost.jvmAndClickHouse(s, comparison.rounds());
    for (PairedCpuCost.Verdict v : List.of(taskCpu, processCpu, allCpu)) {
      out.println("  " + PairedCpuCost.describe(v));
    }
    groups.describe(s).forEach(line -> out.println("  " + line));
    results.put(key + "_jvm_and_clickhouse_cpu", figures(allCpu));
    results.put(key + "_median_round_ratio", Math.round(roundRatio * 1000) / 1000.0);
    results.put(key + "_task_cpu", figures(taskCpu));
    results.put(key + "_process_cpu", figures(processCpu));
    results.put(key + "_rounds", comparison.rounds().stream().map(r -> figures(key, r)).toList());
    results.put(key + "_sustained", figures(s, sustained));
    results.put(key + "_cpu_by_thread_group", groups.rows().stream().filter(ThreadGroups.Row::shown)
        .map(PairedRounds::figures).toList());
    results.put(key + "_to_job_end", figures(s, wall));
  }

  private PairedComparison.Round runOnce(PairedComparison.Sides sides, Run run, int number, boolean treated,
      long events, String database, ThreadGroups groups) throws Exception {
    String db = PipelineBench.database(runtime, database);
    JobClient job = run.start(number, treated, db);
    progress.phase("round " + number + ": " + sides.name(treated), events);
    sampler.start();
    TaskThreadCpu cpu = TaskThreadCpu.start();
    RowRate.Measured m;
    try {
      m = RowRate.await(runtime.clickHouseClient(), db + ".learning_events", events, job, sampler, progress::step);
    } finally {
      cpu.close();
    }
    TaskThreadCpu.Spent spent = cpu.stop();
    run.check(number, treated, db);
    groups.add(treated, spent.byGroup(), m.rows());
    return new PairedComparison.Round(number, treated, m.sustainedPerSecond(), m.rows() / m.wallSeconds(),
        LoadAverage.read(), spent.taskThreadsNanos() / 1e3 / m.rows(), spent.processNanos() / 1e3 / m.rows(),
        sampler.cpuSecondsSinceStart(ProcessSampler.CLICKHOUSE) * 1e6 / m.rows());
  }

  private static Map<String, Object> figures(String key, PairedComparison.Round r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("round", r.number());
    m.put(key, r.treated());
    m.put("sustained_events_per_s", Math.round(r.sustainedPerSecond()));
    m.put("to_job_end_events_per_s", Math.round(r.wallPerSecond()));
    m.put("load_average", r.loadAverage());
    m.put("task_cpu_us_per_event", Math.round(r.taskCpuPerEvent() * 10) / 10.0);
    m.put("process_cpu_us_per_event", Math.round(r.processCpuPerEvent() * 10) / 10.0);
    m.put("clickhouse_cpu_us_per_event", Math.round(r.clickHouseCpuPerEvent() * 10) / 10.0);
    return m;
  }

  private static Map<String, Object> figures(ThreadGroups.Row r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("group", r.group());
    m.put("baseline_us_per_event", Math.round(r.baseline() * 10) / 10.0);
    m.put("treated_us_per_event", Math.round(r.treated() * 10) / 10.0);
    return m;
  }

  private static Map<String, Object> figures(PairedCpuCost.Verdict v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("median_without_us_per_event", Math.round(v.medianWithout() * 10) / 10.0);
    m.put("median_with_us_per_event", Math.round(v.medianWith() * 10) / 10.0);
    m.put("median_round_ratio", Math.round(v.medianRoundRatio() * 1000) / 1000.0);
    m.put("throughput_share", Math.round(v.throughputShare() * 1000) / 1000.0);
    m.put("met", v.met());
    return m;
  }

  private static Map<String, Object> figures(PairedComparison.Sides s, PairedComparison.Verdict v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("median_without", Math.round(v.medianWithout()));
    m.put("median_with", Math.round(v.medianWith()));
    m.put("ratio", Math.round(v.ratio() * 1000) / 1000.0);
    m.put("target_max_drop", s.maxDrop());
    m.put("met", v.met());
    return m;
  }
}
