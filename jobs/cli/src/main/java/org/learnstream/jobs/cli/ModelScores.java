package org.learnstream.jobs.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.learnstream.pipeline.mastery.Metrics;
import org.learnstream.pipeline.mastery.Reliability;

/**
 * One model's next-attempt figures as {@code evaluate} prints them: its reliability table, then {@code key=value}
 * lines that scripts read, the keys prefixed for every model after the first.
 *
 * @param model      the model version
 * @param keyPrefix  prefix of the summary keys, empty for the first model
 */
record ModelScores(String model, String keyPrefix, Metrics metrics, Reliability reliability) {

  static ModelScores of(String model, String keyPrefix, double[] predictions, byte[] truth) {
    int n = predictions.length;
    return new ModelScores(model, keyPrefix, Metrics.of(predictions, truth, n), Reliability.of(predictions, truth, n));
  }

  void printReliability(PrintWriter out) {
    out.printf(Locale.ROOT, "reliability of %s (expected calibration error %.4f):%n", model, metrics.ece());
    out.printf(Locale.ROOT, "  %-9s %9s %14s %9s%n", "p_correct", "responses", "mean_predicted", "observed");
    for (Reliability.Bin bin : reliability.bins()) {
      out.printf(Locale.ROOT, "  %.1f-%.1f   %9d %14.4f %9.4f%n", bin.lower(), bin.upper(), bin.count(),
          bin.meanPredicted(), bin.observed());
    }
  }

  void printSummary(PrintWriter out) {
    out.printf(Locale.ROOT, "%smodel=%s%n", keyPrefix, model);
    out.printf(Locale.ROOT, "%sresponses=%d%n", keyPrefix, metrics.count());
    out.printf(Locale.ROOT, "%sauc=%.6f%n", keyPrefix, metrics.auc());
    out.printf(Locale.ROOT, "%srmse=%.6f%n", keyPrefix, metrics.rmse());
    out.printf(Locale.ROOT, "%slog_loss=%.6f%n", keyPrefix, metrics.logLoss());
    out.printf(Locale.ROOT, "%sece=%.6f%n", keyPrefix, metrics.ece());
    out.printf(Locale.ROOT, "%saccuracy=%.6f%n", keyPrefix, metrics.accuracy());
  }
}
