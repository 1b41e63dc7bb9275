package org.learnstream.pipeline.mastery.bestlr;

import org.learnstream.pipeline.mastery.ResponseLog;

/** Next-attempt predictions of a Best-LR model on a response log, through the job's step ({@link BestLrStep}). */
public final class BestLrEvaluator {

  private BestLrEvaluator() {
  }

  /** P(correct) before each response of the log, aligned with {@code log.correct()}. */
  public static double[] predict(ResponseLog log, BestLrModel model) {
    double[] predictions = new double[log.responseCount()];
    ResponseReplay.replay(log,
        (i, learner, update) -> predictions[i] = BestLrStep.apply(model, learner, update).pCorrect());
    return predictions;
  }
}
