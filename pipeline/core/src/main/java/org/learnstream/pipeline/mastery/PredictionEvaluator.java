package org.learnstream.pipeline.mastery;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replays response sequences through BKT and scores P(correct) predicted before each response (one step ahead,
 * as pyBKT's evaluate does): per skill and over all responses.
 */
public final class PredictionEvaluator {

  /**
   * @param perSkill    metrics per skill in table order
   * @param overall     metrics over every prediction
   * @param predictions every prediction, skill after skill in table order
   * @param truth       the outcomes, aligned with {@code predictions}
   */
  public record Evaluation(Map<String, Metrics> perSkill, Metrics overall, double[] predictions, byte[] truth) {
  }

  private PredictionEvaluator() {
  }

  public static Evaluation evaluate(ResponseTable table, SkillParameterSet parameters) {
    int total = table.responseCount();
    double[] allPredictions = new double[total];
    byte[] allTruth = new byte[total];
    int offset = 0;
    Map<String, Metrics> perSkill = new LinkedHashMap<>();
    for (ResponseTable.SkillSequences skill : table.skills()) {
      double[] predictions = predict(skill, parameters.forSkill(skill.skill()));
      perSkill.put(skill.skill(), Metrics.of(predictions, skill.correct(), predictions.length));
      System.arraycopy(predictions, 0, allPredictions, offset, predictions.length);
      System.arraycopy(skill.correct(), 0, allTruth, offset, predictions.length);
      offset += predictions.length;
    }
    return new Evaluation(perSkill, Metrics.of(allPredictions, allTruth, total), allPredictions, allTruth);
  }

  /** P(correct) before each response of the skill, aligned with {@code skill.correct()}. */
  public static double[] predict(ResponseTable.SkillSequences skill, BktParameters p) {
    double[] predictions = new double[skill.responseCount()];
    int[] starts = skill.starts();
    byte[] correct = skill.correct();
    for (int s = 0; s < skill.sequenceCount(); s++) {
      double pKnown = p.prior();
      for (int t = starts[s]; t < starts[s + 1]; t++) {
        predictions[t] = Bkt.predictCorrect(pKnown, p);
        pKnown = Bkt.update(pKnown, correct[t] == 1, p);
      }
    }
    return predictions;
  }
}
