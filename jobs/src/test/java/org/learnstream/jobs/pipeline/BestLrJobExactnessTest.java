package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.pipeline.mastery.ResponseLog;
import org.learnstream.pipeline.mastery.bestlr.BestLrEvaluator;
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
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

  @TempDir
  Path dir;

  @Test
  void everyMasteryUpdateCarriesTheEvaluatorsPredictionToOneBillionth() throws Exception {
    ResponseLog log = generatedLog(40, 30, new Random(18));
    BestLrModel model = new BestLrFitter(BestLrFitter.Options.DEFAULTS).fit(log, "best-lr/generated", line -> {
    }).model();
    Path file = dir.resolve("best-lr.json");
    BestLrModelFile.write(file, model, 1.0, log.responseCount());

    Map<String, MasteryUpdate> rows = BestLrJobRun.run(log, file);
    double[] expected = BestLrEvaluator.predict(log, model);

    assertThat(rows).hasSize(log.responseCount());
    for (int i = 0; i < log.responseCount(); i++) {
      MasteryUpdate row = rows.get(BestLrJobRun.statementId(i));
      assertThat(row.getBestLrPCorrectPredicted()).as("response %d", i).isCloseTo(expected[i],
          offset(1e-9));
      assertThat(row.getBestLrModelVersion()).isEqualTo("best-lr/generated");
      assertThat(row.getBestLrPCorrectNext()).isBetween(0.0, 1.0);
    }
    assertThat(Arrays.stream(expected).distinct().count()).as("distinct predictions, so that equality says something")
        .isGreaterThan(log.responseCount() / 2);
  }

  /**
   * Learners answering items of four skills in turn, correct more often as they go on and on easier items, so
   * that the fitted weights are not zero.
   */
  static ResponseLog generatedLog(int learners, int perLearner, Random random) {
    int n = learners * perLearner;
    int[] users = new int[n];
    int[] skills = new int[n];
    int[] items = new int[n];
    byte[] correct = new byte[n];
    List<String> userNames = new ArrayList<>();
    List<String> skillNames = List.of("fractions", "decimals", "ratios", "percent");
    List<String> itemNames = new ArrayList<>();
    for (int item = 0; item < 12; item++) {
      itemNames.add("https://items.example/q" + item);
    }
    for (int learner = 0; learner < learners; learner++) {
      userNames.add("learner-" + learner);
      double ability = random.nextGaussian();
      for (int k = 0; k < perLearner; k++) {
        int i = learner * perLearner + k;
        users[i] = learner;
        skills[i] = random.nextInt(skillNames.size());
        items[i] = skills[i] * 3 + random.nextInt(3);
        double logit = ability + 0.08 * k - 0.3 * (items[i] % 3);
        correct[i] = (byte) (random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0);
      }
    }
    return new ResponseLog(users, skills, items, correct, userNames, skillNames, itemNames);
  }
}
