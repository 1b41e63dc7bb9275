package org.learnstream.jobs.cli;

import java.nio.file.Path;
import org.learnstream.pipeline.mastery.ColumnMapping;
import picocli.CommandLine.Option;

/** The response file and how to read it, shared by {@code fit} and {@code evaluate}. */
public final class ResponseInputOptions {

  @Option(names = "--responses", required = true, paramLabel = "FILE",
      description = "Response file (CSV or TSV with a header line).")
  Path responses;

  @Option(names = "--format", defaultValue = "assistments-raw", paramLabel = "FORMAT",
      description = "Column preset: assistments-raw (user_id, skill_name, correct, order_id), "
          + "lpp-tsv (user_id, skill_id, correct, timestamp) or custom (name the columns). Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = "--user-col", paramLabel = "NAME", description = "Learner id column (overrides the preset).")
  String userCol;

  @Option(names = "--skill-col", paramLabel = "NAME", description = "Skill column (overrides the preset).")
  String skillCol;

  @Option(names = "--correct-col", paramLabel = "NAME", description = "1/0 correctness column (overrides the preset).")
  String correctCol;

  @Option(names = "--order-col", paramLabel = "NAME",
      description = "Numeric order or timestamp column (overrides the preset); custom without it: file order.")
  String orderCol;

  @Option(names = "--delimiter", paramLabel = "CHAR",
      description = "Field delimiter: a single character or 'tab'. Default: detected from the header line.")
  String delimiter;

  /** @throws IllegalArgumentException naming the option to fix */
  ColumnMapping mapping() {
    Character separator = delimiter();
    if ("custom".equals(format)) {
      requireFor("--user-col", userCol);
      requireFor("--skill-col", skillCol);
      requireFor("--correct-col", correctCol);
      return new ColumnMapping(userCol, skillCol, correctCol, orderCol, null, separator);
    }
    ColumnMapping preset = ColumnMapping.preset(format);
    return new ColumnMapping(
        userCol != null ? userCol : preset.user(),
        skillCol != null ? skillCol : preset.skill(),
        correctCol != null ? correctCol : preset.correct(),
        orderCol != null ? orderCol : preset.order(),
        preset.item(),
        separator);
  }

  private Character delimiter() {
    if (delimiter == null) {
      return null;
    }
    if (delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t")) {
      return '\t';
    }
    if (delimiter.length() != 1) {
      throw new IllegalArgumentException("--delimiter must be one character or 'tab', got '" + delimiter + "'");
    }
    return delimiter.charAt(0);
  }

  private static void requireFor(String option, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("--format custom needs " + option);
    }
  }
}
