package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.pipeline.mastery.ResponseLog;
import org.learnstream.pipeline.mastery.bestlr.SimulatedResponses;
import org.learnstream.pipeline.mastery.bestlr.BestLrFitter;
import org.learnstream.pipeline.mastery.bestlr.BestLrModel;
import org.learnstream.pipeline.mastery.bestlr.BestLrModelFile;
import org.learnstream.schemas.MasteryUpdate;

/**
 * The job and {@code learnstream evaluate} give the same Best-LR predictions: a generated response log, fitted and
 * then run through the job's projection stage on the MiniCluster, against the evaluator on the same log.
 */
class BestLrJobExactnessTest {

  @RegisterExtension
  static final MiniClusterExtension FLINK = BestLrJobRun.miniCluster();

  @TempDir
  Path dir;

  @Test
  void everyMasteryUpdateCarriesTheEvaluatorsPredictionToOneBillionth() throws Exception {
    ResponseLog log = SimulatedResponses.easyAndHard(40, 30, 18);
    BestLrModel model = new BestLrFitter(BestLrFitter.Options.DEFAULTS).fit(log, "best-lr/generated", line -> {
    }).model();
    Path file = dir.resolve("best-lr.json");
    BestLrModelFile.write(file, model, 1.0, log.responseCount());

    Map<String, MasteryUpdate> rows = BestLrJobRun.runAndCompare(log, file, 200);

    assertThat(rows.values()).allSatisfy(row -> {
      assertThat(row.getBestLrModelVersion()).isEqualTo("best-lr/generated");
      assertThat(row.getBestLrPCorrectNext()).isBetween(0.0, 1.0);
    });
  }
}
