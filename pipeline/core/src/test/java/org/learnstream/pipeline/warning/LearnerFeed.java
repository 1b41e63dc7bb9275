package org.learnstream.pipeline.warning;

import java.util.List;
import org.learnstream.pipeline.warning.spi.MasteryPoint;
import org.learnstream.pipeline.warning.spi.Observation;

/** Feeds one learner's answers and mastery updates to the rules, a minute apart, with fresh statement ids. */
final class LearnerFeed {

  final WarningRules rules = WarningRules.defaults();
  final LearnerWarnings learner = new LearnerWarnings("t1", "p-1");
  long time = 1_772_442_000_000L;
  private int n;

  List<AlertChange> answer(String skill, boolean correct, long durationMs) {
    time += 60_000;
    n++;
    return learner.onObservation(new Observation("s" + n, time, "c", "sec", List.of(skill), correct, durationMs, "a"),
        rules);
  }

  List<AlertChange> mastery(String skill, double p) {
    time += 60_000;
    n++;
    return learner.onMastery(new MasteryPoint("m" + n, time, skill, p, "c", "sec"), rules);
  }
}
