package org.learnstream.pipeline.mastery.bestlr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.mastery.ColumnMapping;
import org.learnstream.pipeline.mastery.KtCorpus;
import org.learnstream.pipeline.mastery.Metrics;
import org.learnstream.pipeline.mastery.ResponseCsvReader;
import org.learnstream.pipeline.mastery.ResponseLog;

/**
 * Best-LR fitted on the ASSISTments 2009-10 training split predicts the held-out test split (corpus
 * kt/learner-performance-prediction/assistments09). Gervet et al. (2020) report AUC 0.77 for Best-LR on it.
 */
class BestLrAssistments09CorpusTest {

  @Test
  void fittedOnTheTrainSplitItPredictsTheTestSplitAtThePublishedAucAndStaysCalibrated() throws IOException {
    ResponseCsvReader reader = new ResponseCsvReader(ColumnMapping.LPP_TSV);
    ResponseLog train = reader
        .readLog(KtCorpus.file("learner-performance-prediction/assistments09/preprocessed_data_train.csv"));
    ResponseLog test = reader
        .readLog(KtCorpus.file("learner-performance-prediction/assistments09/preprocessed_data_test.csv"));

    long start = System.nanoTime();
    BestLrFitter.FitResult fit = new BestLrFitter(BestLrFitter.Options.DEFAULTS)
        .fit(train, "best-lr/assistments09", line -> {
        });
    double fitSeconds = (System.nanoTime() - start) / 1e9;
    Metrics metrics = Metrics.of(BestLrEvaluator.predict(test, fit.model()), test.correct(), test.responseCount());

    System.out.printf("best-lr assistments09: fitted on %d responses in %.2f s; test (%d responses): auc=%.4f "
        + "rmse=%.4f log_loss=%.4f ece=%.4f accuracy=%.4f%n", train.responseCount(), fitSeconds, metrics.count(),
        metrics.auc(), metrics.rmse(), metrics.logLoss(), metrics.ece(), metrics.accuracy());
    assertThat(metrics.count()).isEqualTo(58_266);
    assertThat(metrics.auc()).isGreaterThanOrEqualTo(0.77); // measured 0.7730
    assertThat(metrics.ece()).isLessThanOrEqualTo(0.02);
    assertThat(fitSeconds).isLessThan(60);
  }
}
