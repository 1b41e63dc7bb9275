package org.learnstream.jobs.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The figures of a comparison that runs the same input through two variants of the job, alternating
 * ({@code bench pipeline --compare-best-lr}, {@code --compare-sealing}), so that the load of a shared machine falls on
 * both sides alike; the medians of each side and their ratio decide against the side's target (throughput drops by at
 * most {@link Sides#maxDrop()}).
 */
public class PairedComparison {

  /**
   * What the two sides are called and what the side under test may cost.
   *
   * @param baseline the name of the side without the change, e.g. {@code without}
   * @param treated  the name of the side with it, e.g. {@code with Best-LR}
   * @param maxDrop  the largest drop of throughput the target allows, e.g. 0.15
   * @param minRatio the lowest ratio (treated / baseline) that meets it, written out so that a drop of exactly
   *                 {@code maxDrop} meets it
   */
  public record Sides(String baseline, String treated, double maxDrop, double minRatio) {

    /** The highest ratio (treated / baseline) of CPU per event that keeps throughput at {@code minRatio}. */
    public double maxCpuRatio() {
      return 1 / (1 - maxDrop);
    }

    String name(boolean treatedSide) {
      return treatedSide ? treated : baseline;
    }
  }

  /**
   * One run of the input.
   *
   * @param treated               whether the run is of the side under test
   * @param sustainedPerSecond    events/s between 10 % and 90 % of the rows (start-up and the tail left out)
   * @param wallPerSecond         events/s from submitting the job to its end, when every row is written
   * @param loadAverage           the machine's load average when the run ended
   * @param taskCpuPerEvent       CPU microseconds of the job's task threads per event ({@link TaskThreadCpu}); NaN if
   *                              not measured
   * @param processCpuPerEvent    CPU microseconds of the whole JVM per event (broker, driver and GC included)
   * @param clickHouseCpuPerEvent CPU microseconds of the clickhouse-server process per event (0 for a server that
   *                              this process did not start)
   */
  public record Round(int number, boolean treated, double sustainedPerSecond, double wallPerSecond,
      String loadAverage, double taskCpuPerEvent, double processCpuPerEvent, double clickHouseCpuPerEvent) {

    /** A run whose CPU time was not measured. */
    public Round(int number, boolean treated, double sustainedPerSecond, double wallPerSecond, String loadAverage) {
      this(number, treated, sustainedPerSecond, wallPerSecond, loadAverage, Double.NaN, Double.NaN, Double.NaN);
    }

    /** CPU microseconds per event of the JVM and the clickhouse-server together. */
    public double jvmAndClickHouseCpuPerEvent() {
      return processCpuPerEvent + clickHouseCpuPerEvent;
    }
  }

  /** Medians of each side and what they give. */
  public record Verdict(double medianWithout, double medianWith, double ratio, boolean met) {

    /** The share by which the side under test lowers throughput; negative when its runs were faster. */
    public double drop() {
      return 1 - ratio;
    }
  }

  private final Sides sides;
  private final List<Round> rounds = new ArrayList<>();

  public PairedComparison(Sides sides) {
    this.sides = sides;
  }

  public Sides sides() {
    return sides;
  }

  /**
   * Which side each run takes, in order: baseline, treated, treated, baseline, baseline, treated, ... ({@code rounds}
   * of each). Each round holds one run of each side; every other round starts with the side under test, so that a
   * load that rises or falls through the runs does not always favour the side that runs second.
   */
  public static List<Boolean> schedule(int rounds) {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
    }
    List<Boolean> order = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      boolean first = i % 2 == 1;
      order.add(first);
      order.add(!first);
    }
    return order;
  }

  public void add(Round round) {
    rounds.add(round);
  }

  public List<Round> rounds() {
    return List.copyOf(rounds);
  }

  /** The verdict on the sustained rates. */
  public Verdict sustained() {
    return verdict(side(false, Round::sustainedPerSecond), side(true, Round::sustainedPerSecond));
  }

  /** The verdict on the rates to each job's end. */
  public Verdict wall() {
    return verdict(side(false, Round::wallPerSecond), side(true, Round::wallPerSecond));
  }

  private double[] side(boolean treated, java.util.function.ToDoubleFunction<Round> measure) {
    return rounds.stream().filter(r -> r.treated() == treated).mapToDouble(measure).toArray();
  }

  /**
   * The median over the rounds of each round's ratio (treated / baseline): the two runs of a round are next to each
   * other, so they share the machine's load more closely than the medians of each side do.
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

  private double rate(int number, boolean treated) {
    return rounds.stream().filter(r -> r.number() == number && r.treated() == treated)
        .mapToDouble(Round::sustainedPerSecond).findFirst().orElse(0);
  }

  Verdict verdict(double[] without, double[] with) {
    double medianWithout = median(without);
    double medianWith = median(with);
    double ratio = medianWith / medianWithout;
    return new Verdict(medianWithout, medianWith, ratio, ratio >= sides.minRatio());
  }

  /** The middle value, or the mean of the two middle values of an even count. */
  public static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no rounds to take a median of");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** One line per round, as printed. */
  String describe(Round r) {
    return String.format(Locale.ROOT, "round %d %-12s sustained %,9.0f events/s, to the job's end %,9.0f events/s, "
        + "CPU per event: task threads %.1f us, JVM %.1f us, clickhouse-server %.1f us (load average %s)", r.number(),
        sides.name(r.treated()), r.sustainedPerSecond(), r.wallPerSecond(), r.taskCpuPerEvent(),
        r.processCpuPerEvent(), r.clickHouseCpuPerEvent(), r.loadAverage());
  }

  /** The line of the round-by-round ratio. */
  String describeRoundRatio(double ratio) {
    return String.format(Locale.ROOT, "sustained, round by round: median of each round's ratio (%s / %s) %.3f "
        + "(drop %.1f %%, target at most %.0f %%): %s", sides.treated(), sides.baseline(), ratio, (1 - ratio) * 100,
        sides.maxDrop() * 100, ratio >= sides.minRatio() ? "met" : "not met");
  }

  /** The summary line of one measure. */
  String describe(String measure, Verdict v) {
    return String.format(Locale.ROOT, "%s: median %s %,.0f events/s, %s %,.0f events/s, ratio %.3f "
        + "(drop %.1f %%, target at most %.0f %%): %s", measure, sides.baseline(), v.medianWithout(), sides.treated(),
        v.medianWith(), v.ratio(), v.drop() * 100, sides.maxDrop() * 100, v.met() ? "met" : "not met");
  }
}
