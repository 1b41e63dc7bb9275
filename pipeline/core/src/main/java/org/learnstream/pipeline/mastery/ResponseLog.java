package org.learnstream.pipeline.mastery;

import java.util.List;

/**
 * Responses in stream order: learner after learner, each learner's responses in order across skills. Learners,
 * skills and items are dense ids into the name lists; an item id of -1 means the file names no item.
 */
public record ResponseLog(int[] users, int[] skills, int[] items, byte[] correct, List<String> userNames,
    List<String> skillNames, List<String> itemNames) {

  public ResponseLog {
    userNames = List.copyOf(userNames);
    skillNames = List.copyOf(skillNames);
    itemNames = List.copyOf(itemNames);
  }

  public int responseCount() {
    return correct.length;
  }

  /** The item of response {@code i}, or null when the file names none. */
  public String item(int i) {
    return items[i] < 0 ? null : itemNames.get(items[i]);
  }

  public String skill(int i) {
    return skillNames.get(skills[i]);
  }

  /** Whether response {@code i} is its learner's first in the log. */
  public boolean startsLearner(int i) {
    return i == 0 || users[i] != users[i - 1];
  }
}
