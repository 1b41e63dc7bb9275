package org.learnstream.jobs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A side's cost as CPU time per event, the figure of a {@link PairedComparison} that a shared machine's load does not
 * swamp: a run that waits for a core takes longer but spends the same CPU. While the pipeline is bound by CPU, the
 * throughput of the side under test is the baseline's divided by this ratio, so the target (throughput drops by at
 * most {@code maxDrop}) reads as: CPU per event at most 1 / (1 - maxDrop) times the baseline's.
 */
final class PairedCpuCost {

  /**
   * One measure over the rounds.
   *
   * @param medianWithout    median CPU microseconds per event of the baseline's runs
   * @param medianWith       the same of the side under test
   * @param medianRoundRatio median over the rounds of each round's ratio (treated / baseline), which decides
   */
  record Verdict(PairedComparison.Sides sides, String measure, double medianWithout, double medianWith,
      double medianRoundRatio) {

    boolean met() {
      return medianRoundRatio <= sides.maxCpuRatio();
    }

    /** The throughput of the side under test as a share of the baseline's, for a pipeline bound by this CPU. */
    double throughputShare() {
      return 1 / medianRoundRatio;
    }
  }

  private PairedCpuCost() {
  }

  /** CPU of the job's task threads per event. */
  static Verdict taskThreads(PairedComparison.Sides sides, List<PairedComparison.Round> rounds) {
    return verdict(sides, "CPU of the task threads", rounds, PairedComparison.Round::taskCpuPerEvent);
  }

  /** CPU of the whole JVM per event (the embedded broker, the bench's driver, the JIT and GC included). */
  static Verdict process(PairedComparison.Sides sides, List<PairedComparison.Round> rounds) {
    return verdict(sides, "CPU of the JVM", rounds, PairedComparison.Round::processCpuPerEvent);
  }

  /** CPU of the JVM and of the clickhouse-server that it started, per event: every process of the pipeline. */
  static Verdict jvmAndClickHouse(PairedComparison.Sides sides, List<PairedComparison.Round> rounds) {
    return verdict(sides, "CPU of the JVM and clickhouse-server", rounds,
        PairedComparison.Round::jvmAndClickHouseCpuPerEvent);
  }

  static Verdict verdict(PairedComparison.Sides sides, String measure, List<PairedComparison.Round> rounds,
      ToDoubleFunction<PairedComparison.Round> perEvent) {
    List<Double> ratios = new ArrayList<>();
    for (int number : rounds.stream().mapToInt(PairedComparison.Round::number).distinct().toArray()) {
      double without = side(rounds, number, false, perEvent);
      double with = side(rounds, number, true, perEvent);
      if (without > 0 && with > 0) {
        ratios.add(with / without);
      }
    }
    return new Verdict(sides, measure, median(rounds, false, perEvent), median(rounds, true, perEvent),
        PairedComparison.median(ratios.stream().mapToDouble(Double::doubleValue).toArray()));
  }

  /** The summary line of one measure. */
  static String describe(Verdict v) {
    PairedComparison.Sides s = v.sides();
    return String.format(Locale.ROOT, "%s per event: median %s %.1f us, %s %.1f us; median of each "
        + "round's ratio (%s / %s) %.3f, throughput %s %.3f x %s where this CPU bounds it "
        + "(target at least %.2f): %s", v.measure(), s.baseline(), v.medianWithout(), s.treated(), v.medianWith(),
        s.treated(), s.baseline(), v.medianRoundRatio(), s.treated(), v.throughputShare(), s.baseline(),
        1 - s.maxDrop(), v.met() ? "met" : "not met");
  }

  private static double side(List<PairedComparison.Round> rounds, int number, boolean treated,
      ToDoubleFunction<PairedComparison.Round> perEvent) {
    return rounds.stream().filter(r -> r.number() == number && r.treated() == treated).mapToDouble(perEvent)
        .filter(v -> !Double.isNaN(v)).findFirst().orElse(0);
  }

  private static double median(List<PairedComparison.Round> rounds, boolean treated,
      ToDoubleFunction<PairedComparison.Round> perEvent) {
    return PairedComparison.median(rounds.stream().filter(r -> r.treated() == treated).mapToDouble(perEvent)
        .filter(v -> !Double.isNaN(v)).toArray());
  }
}
