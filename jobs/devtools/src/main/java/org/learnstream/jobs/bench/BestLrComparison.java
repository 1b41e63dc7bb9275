package org.learnstream.jobs.bench;

/**
 * The figures of {@code bench pipeline --compare-best-lr}: the same event log without and with Best-LR, against the
 * issue's target (throughput drops by at most 15 %).
 */
public final class BestLrComparison extends PairedComparison {

  /** Largest drop of throughput with Best-LR that the target allows. */
  public static final double MAX_DROP = 0.15;

  static final Sides SIDES = new Sides("without", "with Best-LR", MAX_DROP, 0.85);

  public BestLrComparison() {
    super(SIDES);
  }
}
