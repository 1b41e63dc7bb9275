package org.learnstream.jobs.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The figures of {@code bench pipeline --compare-best-lr}: rounds run the same event log without and with Best-LR,
 * alternating, so that the load of a shared machine falls on both sides alike; the medians of each side and their
 * ratio decide against the issue's target (throughput drops by at most 15 %).
 */
public final class BestLrComparison {

  /** Largest drop of throughput with Best-LR that the target allows. */
  public static final double MAX_DROP = 0.15;

  /** The lowest ratio (with / without) that meets it, written out so that a drop of exactly 15 % meets it. */
  private static final double MIN_RATIO = 0.85;

  /**
   * One run of the log.
   *
   * @param sustainedPerSecond events/s between 10 % and 90 % of the rows (start-up and the tail left out)
   * @param wallPerSecond      events/s from submitting the job to its end, when every mastery row is written
   * @param loadAverage        the machine's load average when the run ended
   * @param taskCpuPerEvent    CPU microseconds of the job's task threads per event ({@link TaskThreadCpu}); NaN if
   *                           not measured
   * @param processCpuPerEvent CPU microseconds of the whole JVM per event (broker, driver and GC included)
   * @param clickHouseCpuPerEvent CPU microseconds of the clickhouse-server process per event (0 for a server that
   *                           this process did not start)
   */
  public record Round(int number, boolean bestLr, double sustainedPerSecond, double wallPerSecond,
      String loadAverage, double taskCpuPerEvent, double processCpuPerEvent, double clickHouseCpuPerEvent) {

    /** A run whose CPU time was not measured. */
    public Round(int number, boolean bestLr, double sustainedPerSecond, double wallPerSecond, String loadAverage) {
      this(number, bestLr, sustainedPerSecond, wallPerSecond, loadAverage, Double.NaN, Double.NaN, Double.NaN);
    }

    /** CPU microseconds per event of the JVM and the clickhouse-server together. */
    public double jvmAndClickHouseCpuPerEvent() {
      return processCpuPerEvent + clickHouseCpuPerEvent;
    }
  }

  /** Medians of each side and what they give. */
  public record Verdict(double medianWithout, double medianWith, double ratio, boolean met) {

    /** The share by which Best-LR lowers throughput; negative when the runs with it were faster. */
    public double drop() {
      return 1 - ratio;
    }
  }

  private final List<Round> rounds = new ArrayList<>();

  /**
   * Which side each run takes, in order: without, with, with, without, without, with, ... ({@code rounds} of each).
   * Each round holds one run of each side; every other round starts with Best-LR, so that a load that rises or falls
   * through the runs does not always favour the side that runs second.
   */
  public static List<Boolean> schedule(int rounds) {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
    }
    List<Boolean> sides = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      boolean first = i % 2 == 1;
      sides.add(first);
      sides.add(!first);
    }
    return sides;
  }

  public void add(Round round) {
    rounds.add(round);
  }

  public List<Round> rounds() {
    return List.copyOf(rounds);
  }

  /** The verdict on the sustained rates. */
  public Verdict sustained() {
    return verdict(rounds.stream().filter(r -> !r.bestLr()).mapToDouble(Round::sustainedPerSecond).toArray(),
        rounds.stream().filter(Round::bestLr).mapToDouble(Round::sustainedPerSecond).toArray());
  }

  /** The verdict on the rates to each job's end. */
  public Verdict wall() {
    return verdict(rounds.stream().filter(r -> !r.bestLr()).mapToDouble(Round::wallPerSecond).toArray(),
        rounds.stream().filter(Round::bestLr).mapToDouble(Round::wallPerSecond).toArray());
  }

  /**
   * The median over the rounds of each round's ratio (with / without): the two runs of a round are next to each other,
   * so they share the machine's load more closely than the medians of each side do.
   */
  public double medianRoundRatio() {
    List<Double> ratios = new ArrayList<>();
    for (int number : rounds.stream().mapToInt(Round::number).distinct().toArray()) {
      double without = rate(number, false);
      double with = rate(number, true);
      if (without > 0 && with > 0) {
        ratios.add(with / without);
      }
    }
    return median(ratios.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private double rate(int number, boolean bestLr) {
    return rounds.stream().filter(r -> r.number() == number && r.bestLr() == bestLr)
        .mapToDouble(Round::sustainedPerSecond).findFirst().orElse(0);
  }

  static Verdict verdict(double[] without, double[] with) {
    double medianWithout = median(without);
    double medianWith = median(with);
    double ratio = medianWith / medianWithout;
    return new Verdict(medianWithout, medianWith, ratio, ratio >= MIN_RATIO);
  }

  /** The middle value, or the mean of the two middle values of an even count. */
  static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no rounds to take a median of");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** One line per round, as printed. */
  static String describe(Round r) {
    return String.format(Locale.ROOT, "round %d %-12s sustained %,9.0f events/s, to the job's end %,9.0f events/s, "
        + "CPU per event: task threads %.1f us, JVM %.1f us, clickhouse-server %.1f us (load average %s)", r.number(),
        r.bestLr() ? "with Best-LR" : "without", r.sustainedPerSecond(), r.wallPerSecond(), r.taskCpuPerEvent(),
        r.processCpuPerEvent(), r.clickHouseCpuPerEvent(), r.loadAverage());
  }

  /** The line of the round-by-round ratio. */
  static String describeRoundRatio(double ratio) {
    return String.format(Locale.ROOT, "sustained, round by round: median of each round's ratio (with / without) %.3f "
        + "(drop %.1f %%, target at most %.0f %%): %s", ratio, (1 - ratio) * 100, MAX_DROP * 100,
        ratio >= MIN_RATIO ? "met" : "not met");
  }

  /** The summary line of one measure. */
  static String describe(String measure, Verdict v) {
    return String.format(Locale.ROOT, "%s: median without %,.0f events/s, with Best-LR %,.0f events/s, ratio %.3f "
        + "(drop %.1f %%, target at most %.0f %%): %s", measure, v.medianWithout(), v.medianWith(), v.ratio(),
        v.drop() * 100, MAX_DROP * 100, v.met() ? "met" : "not met");
  }
}
