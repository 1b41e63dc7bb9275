package org.learnstream.pipeline.mastery.bestlr;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of Best-LR (Gervet et al. 2020): the learner's earlier successes and failures over all skills, per
 * skill an effect and its own weights for the earlier successes and failures on it, and per item an effect.
 * Counts enter as log(1 + n), as in the paper's encoding: the first attempts say the most. Fitting and prediction
 * both build a response's row here, so the model applies exactly the features it was fitted on.
 */
public final class FeatureLayout implements Serializable {

  private static final long serialVersionUID = 1L;

  static final int OVERALL_SUCCESSES = 0;
  static final int OVERALL_FAILURES = 1;
  private static final int FIRST_SKILL = 2;
  /** Per skill: effect, log(1 + successes), log(1 + failures). */
  private static final int PER_SKILL = 3;

  private final Map<String, Integer> skills;
  private final Map<String, Integer> items;

  /** @param skills and @param items in column order */
  public FeatureLayout(List<String> skills, List<String> items) {
    this.skills = positions(skills);
    this.items = positions(items);
  }

  /** Receives the non-zero features of one row, columns ascending. */
  public interface Row {
    void feature(int column, double value);
  }

  public int columnCount() {
    return FIRST_SKILL + PER_SKILL * skills.size() + items.size();
  }

  public List<String> skills() {
    return List.copyOf(skills.keySet());
  }

  public List<String> items() {
    return List.copyOf(items.keySet());
  }

  int skillColumn(String skill) {
    Integer position = skills.get(skill);
    return position == null ? -1 : FIRST_SKILL + PER_SKILL * position;
  }

  int itemColumn(String item) {
    Integer position = item == null ? null : items.get(item);
    return position == null ? -1 : FIRST_SKILL + PER_SKILL * skills.size() + position;
  }

  /**
   * The row of a response on {@code item} tagged with {@code skills} (distinct, in the order of their columns),
   * given what the learner did before. Skills and items the layout does not know add nothing.
   */
  public void encode(LearnerCounts before, String item, List<String> skills, Row row) {
    row.feature(OVERALL_SUCCESSES, Math.log1p(before.overall().successes()));
    row.feature(OVERALL_FAILURES, Math.log1p(before.overall().failures()));
    for (String skill : skills) {
      int column = skillColumn(skill);
      if (column >= 0) {
        Counts counts = before.skill(skill);
        row.feature(column, 1.0);
        row.feature(column + 1, Math.log1p(counts.successes()));
        row.feature(column + 2, Math.log1p(counts.failures()));
      }
    }
    int itemColumn = itemColumn(item);
    if (itemColumn >= 0) {
      row.feature(itemColumn, 1.0);
    }
  }

  /**
   * The skills, distinct and in column order, so that rows come out ascending. The job predicts every mastery update,
   * which names one skill: that list is already in order, and sorting it through a stream was the largest share of
   * the Best-LR operator's own time in a profile.
   */
  List<String> ordered(List<String> skills) {
    if (skills.size() < 2) {
      return skills;
    }
    return skills.stream().distinct().sorted((a, b) -> Integer.compare(skillColumn(a), skillColumn(b))).toList();
  }

  private static Map<String, Integer> positions(List<String> names) {
    Map<String, Integer> positions = new LinkedHashMap<>();
    for (String name : names) {
      if (positions.putIfAbsent(name, positions.size()) != null) {
        throw new IllegalArgumentException("duplicate column name '" + name + "'");
      }
    }
    return positions;
  }
}
