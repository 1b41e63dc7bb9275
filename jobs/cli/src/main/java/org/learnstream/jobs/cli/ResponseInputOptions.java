package org.learnstream.jobs.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.learnstream.pipeline.mastery.ColumnMapping;
import org.learnstream.pipeline.mastery.ResponseCsvReader;
import picocli.CommandLine.Option;

/** The response file and how to read it, shared by {@code fit} and {@code evaluate}. */
public final class ResponseInputOptions {

  static final String DETECT = "detect";

  @Option(names = "--responses", required = true, paramLabel = "FILE",
      description = "Response file (CSV or TSV with a header line).")
  Path responses;

  @Option(names = "--format", defaultValue = DETECT, paramLabel = "FORMAT",
      description = "Column preset: assistments-raw (user_id, skill_name, correct, order_id), lpp-tsv (user_id, "
          + "skill_id, correct, timestamp), custom (name the columns) or detect (the first preset whose columns "
          + "the header line has). Default: ${DEFAULT-VALUE}.")
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

  /** How the response file is read, and which preset that is. */
  record ResponseFormat(String name, ColumnMapping mapping) {

    /** One line for the output: the preset and the columns it reads. */
    String describe() {
      return "format " + name + ": columns " + String.join(", ", mapping.columns());
    }
  }

  /**
   * The column mapping of the chosen format; {@code detect} reads the header line and takes the first preset
   * whose columns (after the overriding options) it has.
   *
   * @throws IllegalArgumentException naming the option to fix, or the header's columns when no preset matches
   * @throws IOException              when the response file cannot be read
   */
  ResponseFormat format() throws IOException {
    Character separator = delimiter();
    if ("custom".equals(format)) {
      requireFor("--user-col", userCol);
      requireFor("--skill-col", skillCol);
      requireFor("--correct-col", correctCol);
      return new ResponseFormat("custom", new ColumnMapping(userCol, skillCol, correctCol, orderCol, null, separator));
    }
    if (!DETECT.equals(format)) {
      if (!ColumnMapping.PRESETS.containsKey(format)) {
        throw new IllegalArgumentException("unknown response format '" + format + "': use "
            + String.join(", ", ColumnMapping.PRESETS.keySet()) + ", custom or " + DETECT);
      }
      return new ResponseFormat(format, overriding(ColumnMapping.preset(format), separator));
    }
    List<String> header = ResponseCsvReader.header(responses, separator);
    StringBuilder needs = new StringBuilder();
    for (Map.Entry<String, ColumnMapping> preset : ColumnMapping.PRESETS.entrySet()) {
      ColumnMapping mapping = overriding(preset.getValue(), separator);
      List<String> missing = mapping.missingFrom(header);
      if (missing.isEmpty()) {
        return new ResponseFormat(preset.getKey() + " (detected from the header)", mapping);
      }
      needs.append("; ").append(preset.getKey()).append(" needs ").append(String.join(", ", missing));
    }
    throw new IllegalArgumentException("response file " + responses + " matches no column preset: its columns are "
        + String.join(", ", header) + needs + ". Name the columns with --format custom --user-col --skill-col "
        + "--correct-col [--order-col]");
  }

  private ColumnMapping overriding(ColumnMapping preset, Character separator) {
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
