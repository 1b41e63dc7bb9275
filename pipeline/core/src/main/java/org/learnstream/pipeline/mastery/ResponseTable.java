package org.learnstream.pipeline.mastery;

import java.util.List;
import java.util.Optional;

/**
 * Responses grouped per skill, then per learner, each learner's responses in order: the input of fitting and
 * evaluation, held in primitive arrays.
 */
public final class ResponseTable {

  /**
   * The sequences of one skill: sequence {@code s} (learner {@code users[s]}) is
   * {@code correct[starts[s] .. starts[s+1])}, 1 = correct.
   */
  public record SkillSequences(String skill, String[] users, int[] starts, byte[] correct) {

    public int sequenceCount() {
      return users.length;
    }

    public int responseCount() {
      return correct.length;
    }
  }

  private final List<SkillSequences> skills;
  private final int skippedRows;

  public ResponseTable(List<SkillSequences> skills, int skippedRows) {
    this.skills = List.copyOf(skills);
    this.skippedRows = skippedRows;
  }

  public List<SkillSequences> skills() {
    return skills;
  }

  public Optional<SkillSequences> skill(String name) {
    return skills.stream().filter(s -> s.skill().equals(name)).findFirst();
  }

  /** A table with only the named skills (those present). */
  public ResponseTable only(List<String> names) {
    return new ResponseTable(skills.stream().filter(s -> names.contains(s.skill())).toList(), 0);
  }

  public int responseCount() {
    return skills.stream().mapToInt(SkillSequences::responseCount).sum();
  }

  public int sequenceCount() {
    return skills.stream().mapToInt(SkillSequences::sequenceCount).sum();
  }

  /** Rows of the file left out because their skill was empty. */
  public int skippedRows() {
    return skippedRows;
  }
}
