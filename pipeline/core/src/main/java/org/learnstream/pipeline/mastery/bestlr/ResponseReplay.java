package org.learnstream.pipeline.mastery.bestlr;

import org.learnstream.pipeline.mastery.ResponseLog;

/**
 * Walks a response log as the stream would: a fresh {@link MemoryStore} per learner, and per response the update
 * the job's mastery operator emits for it, for the visitor to put through {@link BestLrStep}. Fitting and
 * evaluation both walk this way, so they count as the job does.
 */
final class ResponseReplay {

  interface Visitor {
    void visit(int index, MemoryStore learner, BestLrStep.Update update);
  }

  private ResponseReplay() {
  }

  static void replay(ResponseLog log, Visitor visitor) {
    MemoryStore learner = null;
    for (int i = 0; i < log.responseCount(); i++) {
      if (log.startsLearner(i)) {
        learner = new MemoryStore();
      }
      visitor.visit(i, learner, learner.next(log.skill(i), log.item(i), log.correct()[i] == 1));
    }
  }
}
