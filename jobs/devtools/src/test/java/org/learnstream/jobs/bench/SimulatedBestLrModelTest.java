package org.learnstream.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.mastery.ResponseLog;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.CohortSpec;
import org.learnstream.pipeline.simulate.SimulatedStatement;

class SimulatedBestLrModelTest {

  private static List<SimulatedStatement> statements() {
    return new CohortSimulator(CohortSpec.demo().withTenant("t").withLearners(20).withDays(3)).statements()
        .toList();
  }

  @Test
  void theResponseLogHoldsEveryAnswerWithEachLearnersAnswersTogetherAndItemsAsTheStatementsObjectIds() {
    List<SimulatedStatement> statements = statements();

    ResponseLog log = SimulatedBestLrModel.responseLog(statements.iterator());

    assertThat(log.responseCount()).isEqualTo(statements.stream().filter(SimulatedStatement::isAnswer).count());
    Set<Integer> finished = new HashSet<>();
    for (int i = 0; i < log.responseCount(); i++) {
      if (log.startsLearner(i)) {
        assertThat(finished.add(log.users()[i])).as("learner %d appears in one block", log.users()[i]).isTrue();
      }
    }
    SimulatedStatement first = statements.stream().filter(SimulatedStatement::isAnswer).findFirst().orElseThrow();
    assertThat(log.skill(0)).isEqualTo(first.skillId());
    assertThat(new String(first.json(), java.nio.charset.StandardCharsets.UTF_8)).contains(log.item(0));
    assertThat(log.item(0)).contains(first.skillId()).contains("item-");
  }

  @Test
  void theFittedModelKnowsEverySkillAndItemTheAnswersName() {
    List<SimulatedStatement> statements = statements();
    ResponseLog log = SimulatedBestLrModel.responseLog(statements.iterator());

    var fit = SimulatedBestLrModel.fit(statements.iterator(), "best-lr/test");

    assertThat(fit.responses()).isEqualTo(log.responseCount());
    assertThat(fit.model().layout().skills()).containsExactlyInAnyOrderElementsOf(log.skillNames());
    assertThat(fit.model().layout().items()).containsExactlyInAnyOrderElementsOf(log.itemNames());
  }
}
