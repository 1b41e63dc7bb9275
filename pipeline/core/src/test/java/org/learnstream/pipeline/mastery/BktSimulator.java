package org.learnstream.pipeline.mastery;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Simulates learners answering by the BKT generative model, for recovery tests. */
final class BktSimulator {

  private BktSimulator() {
  }

  static ResponseTable.SkillSequences simulate(String skill, BktParameters p, int learners, int attempts,
      Random random) {
    List<String> users = new ArrayList<>();
    int[] starts = new int[learners + 1];
    byte[] correct = new byte[learners * attempts];
    int t = 0;
    for (int u = 0; u < learners; u++) {
      users.add("learner-" + u);
      starts[u] = t;
      boolean known = random.nextDouble() < p.prior();
      for (int a = 0; a < attempts; a++) {
        boolean right = known ? random.nextDouble() >= p.slip() : random.nextDouble() < p.guess();
        correct[t++] = (byte) (right ? 1 : 0);
        known = known ? random.nextDouble() >= p.forget() : random.nextDouble() < p.learn();
      }
    }
    starts[learners] = t;
    return new ResponseTable.SkillSequences(skill, users.toArray(String[]::new), starts, correct);
  }
}
