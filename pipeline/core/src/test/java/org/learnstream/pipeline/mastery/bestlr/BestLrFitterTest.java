package org.learnstream.pipeline.mastery.bestlr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.pipeline.mastery.ResponseLog;

class BestLrFitterTest {

  @TempDir
  Path dir;

  /** 300 learners, 20 responses each on an easy item (skill a) and a hard one (skill b), outcomes seeded. */
  private static ResponseLog simulated() {
    return SimulatedResponses.easyAndHard(300, 20, 7);
  }

  @Test
  void theFittedItemEffectsOrderTheItemsByTheirShareOfCorrectAnswers() {
    BestLrModel model = new BestLrFitter(BestLrFitter.Options.DEFAULTS).fit(simulated(), "best-lr/sim", l -> {
    })
        .model();
    LearnerCounts newcomer = new LearnerCounts();

    assertThat(model.predict(newcomer, "easy", List.of("a"))).isGreaterThan(0.75);
    assertThat(model.predict(newcomer, "hard", List.of("b"))).isLessThan(0.45);
  }

  @Test
  void withAnUnpenalisedBiasTheMeanPredictionOnTheTrainingDataIsTheShareOfCorrectAnswers() {
    ResponseLog log = simulated();
    BestLrModel model = new BestLrFitter(new BestLrFitter.Options(1.0, 1e-8)).fit(log, "best-lr/sim", l -> {
    })
        .model();

    double[] predictions = BestLrEvaluator.predict(log, model);
    double meanPredicted = Arrays.stream(predictions).average().orElseThrow();
    double observed = 0;
    for (byte c : log.correct()) {
      observed += c;
    }
    assertThat(meanPredicted).isCloseTo(observed / log.responseCount(), within(1e-4));
  }

  @Test
  void fittingTheSameLogTwiceGivesTheSameWeightsAndReportsEachSolverStep() {
    List<String> progress = new ArrayList<>();
    BestLrFitter.FitResult first = new BestLrFitter(BestLrFitter.Options.DEFAULTS).fit(simulated(), "v", progress::add);
    BestLrFitter.FitResult second = new BestLrFitter(BestLrFitter.Options.DEFAULTS).fit(simulated(), "v", l -> {
    });

    assertThat(second.model().weights()).containsExactly(first.model().weights());
    assertThat(second.model().bias()).isEqualTo(first.model().bias());
    assertThat(progress.get(0)).isEqualTo("encoding 6000 responses into 10 columns (2 skills, 2 items)");
    assertThat(first.solverLines()).isNotEmpty();
    assertThat(progress).contains("solver: " + first.solverLines().get(0));
  }

  @Test
  void aModelWrittenAndReadBackPredictsExactlyTheSame() throws IOException {
    ResponseLog log = simulated();
    BestLrModel model = new BestLrFitter(BestLrFitter.Options.DEFAULTS).fit(log, "best-lr/sim", l -> {
    }).model();
    Path file = dir.resolve("model.json");

    BestLrModelFile.write(file, model, 1.0, log.responseCount());
    BestLrModel read = BestLrModelFile.read(file);

    assertThat(read.version()).isEqualTo("best-lr/sim");
    assertThat(BestLrEvaluator.predict(log, read)).containsExactly(BestLrEvaluator.predict(log, model));
  }
}
