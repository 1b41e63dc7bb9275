package org.learnstream.jobs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Best-LR's cost as CPU time per event, the figure of {@code bench pipeline --compare-best-lr} that a shared machine's
 * load does not swamp: a run that waits for a core takes longer but spends the same CPU. While the pipeline is bound
 * by CPU, its throughput with Best-LR is the throughput without divided by this ratio, so the target (throughput drops
 * by at most 15 %) reads as: CPU per event with Best-LR at most 1 / 0.85 times that without.
 */
final class BestLrCpuCost {

  /** The highest ratio (with / without) of CPU per event that keeps throughput at 0.85 of that without Best-LR. */
  static final double MAX_RATIO = 1 / (1 - BestLrComparison.MAX_DROP);

  /**
   * One measure over the rounds.
   *
   * @param medianWithout    median CPU microseconds per event of the runs without Best-LR
   * @param medianWith       the same with Best-LR
   * @param medianRoundRatio median over the rounds of each round's ratio (with / without), which decides
   */
  record Verdict(String measure, double medianWithout, double medianWith, double medianRoundRatio) {

    boolean met() {
      return medianRoundRatio <= MAX_RATIO;
    }

    /** The throughput with Best-LR as a share of that without, for a pipeline bound by this CPU. */
    double throughputShare() {
      return 1 / medianRoundRatio;
    }
  }

  private BestLrCpuCost() {
  }

  /** CPU of the job's task threads per event. */
  static Verdict taskThreads(List<BestLrComparison.Round> rounds) {
    return verdict("CPU of the task threads", rounds, BestLrComparison.Round::taskCpuPerEvent);
  }

  /** CPU of the whole JVM per event (the embedded broker, the bench's driver, the JIT and GC included). */
  static Verdict process(List<BestLrComparison.Round> rounds) {
    return verdict("CPU of the JVM", rounds, BestLrComparison.Round::processCpuPerEvent);
  }

  /** CPU of the JVM and of the clickhouse-server that it started, per event: every process of the pipeline. */
  static Verdict jvmAndClickHouse(List<BestLrComparison.Round> rounds) {
    return verdict("CPU of the JVM and clickhouse-server", rounds,
        BestLrComparison.Round::jvmAndClickHouseCpuPerEvent);
  }

  static Verdict verdict(String measure, List<BestLrComparison.Round> rounds,
      ToDoubleFunction<BestLrComparison.Round> perEvent) {
    List<Double> ratios = new ArrayList<>();
    for (int number : rounds.stream().mapToInt(BestLrComparison.Round::number).distinct().toArray()) {
      double without = side(rounds, number, false, perEvent);
      double with = side(rounds, number, true, perEvent);
      if (without > 0 && with > 0) {
        ratios.add(with / without);
      }
    }
    return new Verdict(measure, median(rounds, false, perEvent), median(rounds, true, perEvent),
        BestLrComparison.median(ratios.stream().mapToDouble(Double::doubleValue).toArray()));
  }

  /** The summary line of one measure. */
  static String describe(Verdict v) {
    return String.format(Locale.ROOT, "%s per event: median without %.1f us, with Best-LR %.1f us; median of each "
        + "round's ratio (with / without) %.3f, throughput with Best-LR %.3f x without where this CPU bounds it "
        + "(target at least %.2f): %s", v.measure(), v.medianWithout(), v.medianWith(), v.medianRoundRatio(),
        v.throughputShare(), 1 - BestLrComparison.MAX_DROP, v.met() ? "met" : "not met");
  }

  private static double side(List<BestLrComparison.Round> rounds, int number, boolean bestLr,
      ToDoubleFunction<BestLrComparison.Round> perEvent) {
    return rounds.stream().filter(r -> r.number() == number && r.bestLr() == bestLr).mapToDouble(perEvent)
        .filter(v -> !Double.isNaN(v)).findFirst().orElse(0);
  }

  private static double median(List<BestLrComparison.Round> rounds, boolean bestLr,
      ToDoubleFunction<BestLrComparison.Round> perEvent) {
    return BestLrComparison.median(rounds.stream().filter(r -> r.bestLr() == bestLr).mapToDouble(perEvent)
        .filter(v -> !Double.isNaN(v)).toArray());
  }
}
