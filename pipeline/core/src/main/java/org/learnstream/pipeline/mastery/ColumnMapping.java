package org.learnstream.pipeline.mastery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which columns of a response file hold what. Header names are matched exactly.
 *
 * @param user      learner id column
 * @param skill     skill name or id column; rows with an empty skill are skipped
 * @param correct   1/0 (also true/false, 1.0/0.0) column
 * @param order     numeric order or timestamp column ordering a learner's responses, or null for file order
 * @param item      item id column, or null; Best-LR reads it when the file has it (its item effects)
 * @param delimiter field delimiter, or null to detect from the header line (tab, comma or semicolon)
 */
public record ColumnMapping(String user, String skill, String correct, String order, String item,
    Character delimiter) {

  /** The ASSISTments 2009-2010 skill-builder export (also its course subsets such as as_supersmall.csv). */
  public static final ColumnMapping ASSISTMENTS_RAW = new ColumnMapping("user_id", "skill_name", "correct", "order_id",
      "problem_id", null);

  /** The preprocessed files of learner-performance-prediction: user_id, item_id, timestamp, correct, skill_id. */
  public static final ColumnMapping LPP_TSV = new ColumnMapping("user_id", "skill_id", "correct", "timestamp",
      "item_id", null);

  /** The presets by name, in the order a header is tried against them when the format is detected. */
  public static final Map<String, ColumnMapping> PRESETS = presets();

  public ColumnMapping {
    requireName("user", user);
    requireName("skill", skill);
    requireName("correct", correct);
  }

  /** A preset by name: {@code assistments-raw} or {@code lpp-tsv}. */
  public static ColumnMapping preset(String name) {
    ColumnMapping preset = PRESETS.get(Objects.requireNonNull(name, "format"));
    if (preset == null) {
      throw new IllegalArgumentException("unknown response format '" + name + "': use "
          + String.join(", ", PRESETS.keySet()) + " or custom");
    }
    return preset;
  }

  /** The columns this mapping reads: user, skill, correct and, when set, order. */
  public List<String> columns() {
    List<String> columns = new ArrayList<>(List.of(user, skill, correct));
    if (order != null) {
      columns.add(order);
    }
    return columns;
  }

  /** The columns this mapping reads that a header does not have. */
  public List<String> missingFrom(List<String> header) {
    return columns().stream().filter(column -> !header.contains(column)).toList();
  }

  private static Map<String, ColumnMapping> presets() {
    Map<String, ColumnMapping> presets = new LinkedHashMap<>();
    presets.put("assistments-raw", ASSISTMENTS_RAW);
    presets.put("lpp-tsv", LPP_TSV);
    return Collections.unmodifiableMap(presets);
  }

  private static void requireName(String role, String column) {
    if (column == null || column.isBlank()) {
      throw new IllegalArgumentException("the " + role + " column name must be set");
    }
  }
}
