package org.learnstream.pipeline.mastery.bestlr;

import java.util.List;
import org.learnstream.pipeline.mastery.ResponseLog;

/**
 * Walks a response log as the stream would: a fresh {@link LearnerCounts} per learner, each response seen with
 * the counts of the responses before it, then counted. Fitting and evaluation both walk this way.
 */
final class ResponseReplay {

  interface Visitor {
    void visit(int index, LearnerCounts before, String item, List<String> skills);
  }

  private ResponseReplay() {
  }

  static void replay(ResponseLog log, Visitor visitor) {
    LearnerCounts learner = null;
    for (int i = 0; i < log.responseCount(); i++) {
      if (log.startsLearner(i)) {
        learner = new LearnerCounts();
      }
      String item = log.item(i);
      List<String> skills = List.of(log.skill(i));
      visitor.visit(i, learner, item, skills);
      BestLrModel.update(learner, new BestLrModel.Response(item, skills, log.correct()[i] == 1));
    }
  }
}
