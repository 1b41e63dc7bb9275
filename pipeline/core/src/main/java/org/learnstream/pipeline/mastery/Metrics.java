package org.learnstream.pipeline.mastery;

import java.util.Arrays;

/**
 * Quality of next-attempt predictions.
 *
 * @param count    number of predictions
 * @param auc      area under the ROC curve, rank-based with tied predictions given their average rank (the value
 *                 sklearn's roc_auc_score returns); NaN when only one class occurs
 * @param rmse     root mean squared error of P(correct) against the 0/1 outcome
 * @param accuracy share of outcomes predicted right with P(correct) >= 0.5 read as "correct"
 * @param logLoss  mean negative log-likelihood of the outcomes (natural log; predictions clipped to [1e-15,
 *                 1 - 1e-15] as sklearn's log_loss does)
 * @param ece      expected calibration error over the {@link Reliability#BINS} equal-width bins of the
 *                 reliability table
 */
public record Metrics(int count, double auc, double rmse, double accuracy, double logLoss, double ece) {

  private static final double CLIP = 1e-15;

  /** Metrics of the first {@code n} entries of the arrays. */
  public static Metrics of(double[] predictions, byte[] truth, int n) {
    if (n == 0) {
      return new Metrics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double squares = 0.0;
    double logLikelihood = 0.0;
    int right = 0;
    for (int i = 0; i < n; i++) {
      double error = truth[i] - predictions[i];
      squares += error * error;
      double p = Math.min(1 - CLIP, Math.max(CLIP, predictions[i]));
      logLikelihood += truth[i] == 1 ? Math.log(p) : Math.log1p(-p);
      if ((predictions[i] >= 0.5) == (truth[i] == 1)) {
        right++;
      }
    }
    return new Metrics(n, auc(predictions, truth, n), Math.sqrt(squares / n), right / (double) n,
        -logLikelihood / n, Reliability.of(predictions, truth, n).expectedCalibrationError());
  }

  public static double auc(double[] predictions, byte[] truth, int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(predictions[a], predictions[b]));
    double positiveRankSum = 0.0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j < n && predictions[order[j]] == predictions[order[i]]) {
        j++;
      }
      double averageRank = (i + 1 + j) / 2.0; // ranks i+1 .. j share their mean
      for (int k = i; k < j; k++) {
        if (truth[order[k]] == 1) {
          positiveRankSum += averageRank;
          positives++;
        }
      }
      i = j;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
