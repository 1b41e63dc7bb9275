package org.learnstream.pipeline.mastery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void aucRmseAndAccuracyMatchHandCountedValues() {
    double[] predictions = {0.1, 0.4, 0.35, 0.8};
    byte[] truth = {0, 0, 1, 1};
    Metrics m = Metrics.of(predictions, truth, 4);
    // positive/negative pairs ranked right: (0.35 > 0.1), (0.8 > 0.1), (0.8 > 0.4); wrong: (0.35 < 0.4)
    assertThat(m.auc()).isCloseTo(3.0 / 4.0, within(1e-15));
    // squared errors 0.01 + 0.16 + 0.4225 + 0.04
    assertThat(m.rmse()).isCloseTo(Math.sqrt(0.6325 / 4), within(1e-15));
    // predicted correct only for 0.8
    assertThat(m.accuracy()).isEqualTo(0.75);
    assertThat(m.count()).isEqualTo(4);
  }

  @Test
  void tiedPredictionsCountAsHalfAPairLikeSklearn() {
    double[] predictions = {0.5, 0.5, 0.2, 0.9};
    byte[] truth = {1, 0, 0, 1};
    // pairs: 0.5 vs 0.5 tie = 0.5, 0.5 > 0.2, 0.9 > 0.5, 0.9 > 0.2
    assertThat(Metrics.auc(predictions, truth, 4)).isCloseTo(3.5 / 4.0, within(1e-15));
  }

  @Test
  void aucIsUndefinedWithOneClassOnly() {
    assertThat(Metrics.auc(new double[] {0.2, 0.7}, new byte[] {1, 1}, 2)).isNaN();
  }

  @Test
  void onlyTheFirstNEntriesCount() {
    Metrics m = Metrics.of(new double[] {0.9, 0.1, 0.9}, new byte[] {1, 0, 0}, 2);
    assertThat(m.auc()).isEqualTo(1.0);
    assertThat(m.accuracy()).isEqualTo(1.0);
  }

  @Test
  void logLossIsTheMeanNegativeLogLikelihoodOfTheOutcomes() {
    Metrics m = Metrics.of(new double[] {0.8, 0.25}, new byte[] {1, 0}, 2);
    assertThat(m.logLoss()).isCloseTo(-(Math.log(0.8) + Math.log(0.75)) / 2, within(1e-15));
  }

  @Test
  void calibrationErrorWeighsEachBinsGapByItsShareOfPredictions() {
    // bin [0.2, 0.3): mean 0.25, observed 0/2; bin [0.9, 1]: mean 0.95, observed 1/2
    double[] predictions = {0.2, 0.2999, 0.9, 1.0};
    byte[] truth = {0, 0, 1, 0};
    Reliability table = Reliability.of(predictions, truth, 4);
    double lowMean = (0.2 + 0.2999) / 2;

    assertThat(table.bins()).hasSize(Reliability.BINS);
    assertThat(table.bins().get(2).count()).isEqualTo(2);
    assertThat(table.bins().get(9).count()).isEqualTo(2);
    assertThat(table.bins().get(9).observed()).isEqualTo(0.5);
    assertThat(table.expectedCalibrationError())
        .isCloseTo(0.5 * lowMean + 0.5 * Math.abs(0.95 - 0.5), within(1e-12));
    assertThat(Metrics.of(predictions, truth, 4).ece()).isEqualTo(table.expectedCalibrationError());
  }

  @Test
  void perfectlyCalibratedBinsHaveNoCalibrationError() {
    double[] predictions = {0.75, 0.75, 0.75, 0.75};
    byte[] truth = {1, 1, 0, 1};
    assertThat(Reliability.of(predictions, truth, 4).expectedCalibrationError()).isCloseTo(0.0, within(1e-15));
  }
}
