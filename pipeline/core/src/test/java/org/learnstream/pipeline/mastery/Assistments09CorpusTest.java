package org.learnstream.pipeline.mastery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Fit on the ASSISTments 2009-10 training split, predict the held-out test split (corpus
 * kt/learner-performance-prediction/assistments09). Published BKT AUC on this data is about 0.72-0.76.
 */
class Assistments09CorpusTest {

  @Test
  void fitsEverySkillAndPredictsTheTestSplitWithAucOfAtLeastSeventyHundredths() throws IOException {
    Path train = KtCorpus.file("learner-performance-prediction/assistments09/preprocessed_data_train.csv");
    Path test = KtCorpus.file("learner-performance-prediction/assistments09/preprocessed_data_test.csv");
    ResponseTable trainTable = ResponseCsvReader.read(train, ColumnMapping.LPP_TSV);
    ResponseTable testTable = ResponseCsvReader.read(test, ColumnMapping.LPP_TSV);

    AtomicInteger fitted = new AtomicInteger();
    long start = System.nanoTime();
    EmFitter.FitResult result = new EmFitter(EmFitter.Options.defaults())
        .fitAll(trainTable, "assistments09", fit -> fitted.incrementAndGet());
    double fitSeconds = (System.nanoTime() - start) / 1e9;

    PredictionEvaluator.Evaluation evaluation = PredictionEvaluator.evaluate(testTable, result.parameters());
    PredictionEvaluator.Evaluation onTrain = PredictionEvaluator.evaluate(trainTable, result.parameters());
    Metrics overall = evaluation.overall();
    System.out.printf("assistments09: %d train responses, %d skills fitted in %.2f s (%d processors)%n",
        trainTable.responseCount(), fitted.get(), fitSeconds, Runtime.getRuntime().availableProcessors());
    System.out.printf("assistments09 train: auc=%.4f rmse=%.4f accuracy=%.4f%n", onTrain.overall().auc(),
        onTrain.overall().rmse(), onTrain.overall().accuracy());
    System.out.printf("assistments09 test (%d responses): auc=%.4f rmse=%.4f accuracy=%.4f%n", overall.count(),
        overall.auc(), overall.rmse(), overall.accuracy());

    assertThat(fitted.get()).isEqualTo(trainTable.skills().size()).isGreaterThan(100);
    assertThat(overall.count()).isEqualTo(testTable.responseCount());
    assertThat(overall.auc()).isGreaterThanOrEqualTo(0.70);
    assertThat(overall.rmse()).isLessThan(0.5);
  }
}
