package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.pipeline.mastery.ColumnMapping;
import org.learnstream.pipeline.mastery.ResponseCsvReader;
import org.learnstream.pipeline.mastery.ResponseLog;
import org.learnstream.pipeline.mastery.bestlr.BestLrFitter;
import org.learnstream.pipeline.mastery.bestlr.BestLrModel;
import org.learnstream.pipeline.mastery.bestlr.BestLrModelFile;

/**
 * The job and {@code learnstream evaluate} give the same Best-LR predictions on ASSISTments 2009: a model fitted on
 * the train split, the first {@value #SAMPLE_LEARNERS} learners of the test split (in the evaluator's order) run
 * through the job's projection stage on the MiniCluster. Needs {@code -Dlearnstream.corpus=DIR}.
 */
class BestLrJobExactnessCorpusTest {

  private static final int SAMPLE_LEARNERS = 100;

  @RegisterExtension
  static final MiniClusterExtension FLINK = BestLrJobRun.miniCluster();

  @TempDir
  Path dir;

  @Test
  void theJobPredictsASampleOfTheAssistmentsTestSplitAsTheEvaluatorDoesToOneBillionth() throws Exception {
    Path split = assistments09();
    ResponseCsvReader reader = new ResponseCsvReader(ColumnMapping.LPP_TSV);
    BestLrModel model = new BestLrFitter(BestLrFitter.Options.DEFAULTS)
        .fit(reader.readLog(split.resolve("preprocessed_data_train.csv")), "best-lr/assistments09", line -> {
        }).model();
    Path file = dir.resolve("best-lr.json");
    BestLrModelFile.write(file, model, 1.0, 0);
    ResponseLog sample = firstLearners(reader.readLog(split.resolve("preprocessed_data_test.csv")));

    BestLrJobRun.runAndCompare(sample, file, sample.responseCount() / 2);
  }

  private static ResponseLog firstLearners(ResponseLog log) {
    int end = 0;
    int learners = 0;
    while (end < log.responseCount() && (learners < SAMPLE_LEARNERS || !log.startsLearner(end))) {
      learners += log.startsLearner(end) ? 1 : 0;
      end++;
    }
    return new ResponseLog(Arrays.copyOf(log.users(), end), Arrays.copyOf(log.skills(), end),
        Arrays.copyOf(log.items(), end), Arrays.copyOf(log.correct(), end), log.userNames(), log.skillNames(),
        log.itemNames());
  }

  private static Path assistments09() {
    String setting = System.getProperty("learnstream.corpus");
    assumeTrue(setting != null && !setting.isBlank(), "learnstream.corpus is not set: corpus tests skipped");
    Path split = Path.of(setting).toAbsolutePath().resolve("kt/learner-performance-prediction/assistments09");
    assertThat(split).as("learnstream.corpus must hold kt/learner-performance-prediction/assistments09")
        .isDirectory();
    assertThat(Files.exists(split.resolve("preprocessed_data_test.csv"))).isTrue();
    return split;
  }
}
