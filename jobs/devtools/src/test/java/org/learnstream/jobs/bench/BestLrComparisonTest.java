package org.learnstream.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BestLrComparisonTest {

  @Test
  void eachRoundRunsBothSidesAndEveryOtherRoundStartsWithBestLr() {
    assertThat(BestLrComparison.schedule(3)).containsExactly(false, true, true, false, false, true);
  }

  @Test
  void theRoundByRoundRatioComparesTheTwoRunsOfEachRoundSoALoadThatChangesBetweenRoundsCancelsOut() {
    BestLrComparison comparison = new BestLrComparison();
    double[][] rates = {{1_000, 900}, {10_000, 9_500}, {4_000, 2_000}};
    for (int i = 0; i < rates.length; i++) {
      comparison.add(new BestLrComparison.Round(i + 1, false, rates[i][0], 0, "1.0 1.0 1.0"));
      comparison.add(new BestLrComparison.Round(i + 1, true, rates[i][1], 0, "1.0 1.0 1.0"));
    }

    assertThat(comparison.medianRoundRatio()).isEqualTo(0.9);
    assertThat(new BestLrComparison().describeRoundRatio(0.9)).endsWith(": met");
    assertThat(new BestLrComparison().describeRoundRatio(0.8)).endsWith(": not met");
  }

  @Test
  void aScheduleWithoutRoundsIsRefused() {
    assertThatThrownBy(() -> BestLrComparison.schedule(0)).hasMessageContaining("at least 1");
  }

  @Test
  void theMedianOfAnOddCountIsTheMiddleValueAndOfAnEvenCountTheMeanOfTheTwoMiddleOnes() {
    assertThat(BestLrComparison.median(new double[] {9, 1, 5})).isEqualTo(5);
    assertThat(BestLrComparison.median(new double[] {4, 1, 10, 2})).isEqualTo(3);
  }

  @Test
  void eachSideIsSummarisedByTheMedianOfItsOwnRoundsSoOneDisturbedRoundDoesNotDecide() {
    BestLrComparison comparison = new BestLrComparison();
    double[][] rates = {{10_000, 9_500}, {2_000, 9_000}, {11_000, 9_800}};
    for (int i = 0; i < rates.length; i++) {
      comparison.add(new BestLrComparison.Round(i + 1, false, rates[i][0], rates[i][0] / 2, "1.0 1.0 1.0"));
      comparison.add(new BestLrComparison.Round(i + 1, true, rates[i][1], rates[i][1] / 2, "1.0 1.0 1.0"));
    }

    BestLrComparison.Verdict sustained = comparison.sustained();

    assertThat(sustained.medianWithout()).isEqualTo(10_000);
    assertThat(sustained.medianWith()).isEqualTo(9_500);
    assertThat(sustained.ratio()).isEqualTo(0.95);
    assertThat(sustained.met()).isTrue();
    assertThat(comparison.wall().medianWith()).isEqualTo(4_750);
  }

  @Test
  void aDropAboveFifteenPercentIsNotMetAndOneAtItIs() {
    assertThat(new BestLrComparison().verdict(new double[] {1000}, new double[] {840}).met()).isFalse();
    assertThat(new BestLrComparison().verdict(new double[] {1000}, new double[] {850}).met()).isTrue();
    assertThat(new BestLrComparison().verdict(new double[] {1000}, new double[] {1100}).drop()).isCloseTo(-0.1,
        org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void theRoundLineNamesTheSideAndBothRates() {
    String line = new BestLrComparison().describe(new BestLrComparison.Round(2, true, 12_345, 6_789, "3.1 2.0 1.5"));

    assertThat(line).contains("round 2", "with Best-LR", "12,345", "6,789", "3.1 2.0 1.5");
    assertThat(List.of(new BestLrComparison().describe("sustained",
        new BestLrComparison().verdict(new double[] {100}, new double[] {50})))).allMatch(l -> l.endsWith("not met"));
  }
}
