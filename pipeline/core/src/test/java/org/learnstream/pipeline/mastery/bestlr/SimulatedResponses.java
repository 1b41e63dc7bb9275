package org.learnstream.pipeline.mastery.bestlr;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.learnstream.pipeline.mastery.ResponseLog;

/** Seeded response logs for Best-LR's tests, here and in the job's. */
public final class SimulatedResponses {

  private SimulatedResponses() {
  }

  /**
   * {@code learners} learners, {@code each} responses each, every one on an easy item (skill a, 90 % correct) or a
   * hard one (skill b, 30 % correct), chosen and answered by a {@code new Random(seed)}.
   */
  public static ResponseLog easyAndHard(int learners, int each, long seed) {
    Random random = new Random(seed);
    int n = learners * each;
    int[] users = new int[n];
    int[] skills = new int[n];
    int[] items = new int[n];
    byte[] correct = new byte[n];
    List<String> userNames = new ArrayList<>();
    for (int u = 0; u < learners; u++) {
      userNames.add("learner-" + u);
      for (int k = 0; k < each; k++) {
        int i = u * each + k;
        boolean easy = random.nextBoolean();
        users[i] = u;
        skills[i] = easy ? 0 : 1;
        items[i] = easy ? 0 : 1;
        correct[i] = (byte) (random.nextDouble() < (easy ? 0.9 : 0.3) ? 1 : 0);
      }
    }
    return new ResponseLog(users, skills, items, correct, userNames, List.of("a", "b"), List.of("easy", "hard"));
  }
}
