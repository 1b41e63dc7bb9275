package org.learnstream.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SealingComparisonTest {

  @Test
  void sealedInputMayCostTenPercentOfThroughputAndNoMore() {
    PairedComparison comparison = new PairedComparison(SealingRounds.SIDES);

    assertThat(comparison.verdict(new double[] {1000}, new double[] {900}).met()).isTrue();
    assertThat(comparison.verdict(new double[] {1000}, new double[] {899}).met()).isFalse();
    assertThat(comparison.describeRoundRatio(0.89)).contains("sealed / clear", "target at most 10 %")
        .endsWith(": not met");
  }

  @Test
  void cpuPerEventOfTheSealedSideMayRiseByOneOverNinetyPercentAndNoMore() {
    assertThat(cpu(100, 100 / 0.9).met()).isTrue();
    assertThat(cpu(100, 112).met()).isFalse();
    assertThat(PairedCpuCost.describe(cpu(100, 112))).contains("clear 100.0 us", "sealed 112.0 us",
        "target at least 0.90").endsWith(": not met");
  }

  @Test
  void eachRoundLineNamesItsSideAsClearOrSealed() {
    PairedComparison comparison = new PairedComparison(SealingRounds.SIDES);

    assertThat(comparison.describe(new PairedComparison.Round(3, true, 20_000, 15_000, "1.5 1.2 1.0", 40, 80, 9)))
        .contains("round 3", "sealed", "20,000", "15,000", "task threads 40.0 us", "1.5 1.2 1.0");
    assertThat(comparison.describe(new PairedComparison.Round(3, false, 20_000, 15_000, "1.5", 40, 80, 9)))
        .contains("clear");
  }

  private static PairedCpuCost.Verdict cpu(double clear, double sealed) {
    return PairedCpuCost.taskThreads(SealingRounds.SIDES, List.of(
        new PairedComparison.Round(1, false, 1, 1, "", clear, clear, 0),
        new PairedComparison.Round(1, true, 1, 1, "", sealed, sealed, 0)));
  }
}
