package org.learnstream.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rows of a query as an aligned plain-text table for the terminal. */
public final class TextTable {

  private TextTable() {
  }

  public static String of(List<Map<String, Object>> rows) {
    if (rows.isEmpty()) {
      return "  (no rows)\n";
    }
    List<String> columns = new ArrayList<>(rows.get(0).keySet());
    int[] widths = columns.stream().mapToInt(String::length).toArray();
    for (Map<String, Object> row : rows) {
      for (int i = 0; i < columns.size(); i++) {
        widths[i] = Math.max(widths[i], String.valueOf(row.get(columns.get(i))).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, columns, widths);
    List<String> rule = new ArrayList<>();
    for (int w : widths) {
      rule.add("-".repeat(w));
    }
    line(out, rule, widths);
    for (Map<String, Object> row : rows) {
      List<String> cells = new ArrayList<>();
      columns.forEach(c -> cells.add(String.valueOf(row.get(c))));
      line(out, cells, widths);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    out.append(' ');
    for (int i = 0; i < cells.size(); i++) {
      out.append(' ').append(String.format("%-" + widths[i] + "s", cells.get(i)));
    }
    out.append('\n');
  }
}
