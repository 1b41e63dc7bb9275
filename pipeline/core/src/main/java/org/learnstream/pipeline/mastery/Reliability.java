package org.learnstream.pipeline.mastery;

import java.util.ArrayList;
import java.util.List;

/**
 * The reliability table of probabilistic predictions: predictions fall into equal-width bins of P(correct), and
 * each bin compares its mean prediction with the share of outcomes that were correct. A calibrated model has the
 * two equal in every bin; the expected calibration error is their gap weighted by the bin's share of predictions.
 */
public record Reliability(List<Bin> bins, int count) {

  /** Equal-width bins over [0, 1], the usual choice of calibration studies (Guo et al. 2017). */
  public static final int BINS = 10;

  /** Predictions with {@code lower <= p < upper} (the last bin includes 1). */
  public record Bin(double lower, double upper, int count, double meanPredicted, double observed) {
  }

  /** The table of the first {@code n} entries of the arrays. */
  public static Reliability of(double[] predictions, byte[] truth, int n) {
    int[] counts = new int[BINS];
    double[] predictedSums = new double[BINS];
    int[] correctCounts = new int[BINS];
    for (int i = 0; i < n; i++) {
      int bin = Math.min(BINS - 1, Math.max(0, (int) (predictions[i] * BINS)));
      counts[bin]++;
      predictedSums[bin] += predictions[i];
      correctCounts[bin] += truth[i];
    }
    List<Bin> bins = new ArrayList<>(BINS);
    for (int b = 0; b < BINS; b++) {
      bins.add(new Bin(b / (double) BINS, (b + 1) / (double) BINS, counts[b],
          counts[b] == 0 ? Double.NaN : predictedSums[b] / counts[b],
          counts[b] == 0 ? Double.NaN : correctCounts[b] / (double) counts[b]));
    }
    return new Reliability(List.copyOf(bins), n);
  }

  /** Sum over non-empty bins of |mean prediction - observed rate| x the bin's share; NaN without predictions. */
  public double expectedCalibrationError() {
    if (count == 0) {
      return Double.NaN;
    }
    double error = 0.0;
    for (Bin bin : bins) {
      if (bin.count() > 0) {
        error += Math.abs(bin.meanPredicted() - bin.observed()) * bin.count() / count;
      }
    }
    return error;
  }
}
