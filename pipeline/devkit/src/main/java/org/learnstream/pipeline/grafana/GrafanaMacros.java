package org.learnstream.pipeline.grafana;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Expands a panel or variable query the way Grafana and the ClickHouse datasource plugin (grafana-clickhouse-datasource
 * v4) do before the SQL reaches ClickHouse: dashboard variables first, then the plugin's macros.
 * Macros are expanded to exactly what the plugin sends, so a macro whose expansion needs a newer server
 * ({@code $__timeFilter_ms}, {@code $__timeInterval}: DateTime64 and toStartOfInterval) fails on 18.16 here as it
 * would behind Grafana.
 */
public final class GrafanaMacros {

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::(\\w+))?}|\\[\\[(\\w+)]]|\\$(\\w+)");
  private static final Pattern LEFTOVER_MACRO = Pattern.compile("\\$__\\w+");
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private final Instant from;
  private final Instant to;
  private final long intervalSeconds;
  private final Map<String, VariableValue> variables;

  public GrafanaMacros(Instant from, Instant to, long intervalSeconds, Map<String, VariableValue> variables) {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("Time range start " + from + " must be before its end " + to);
    }
    this.from = from;
    this.to = to;
    this.intervalSeconds = Math.max(1, intervalSeconds);
    this.variables = Map.copyOf(variables);
  }

  /** The SQL ClickHouse would receive; throws when the query names a variable or macro that is not defined. */
  public String expand(String sql) {
    String withConditionals = expandConditionalAll(sql);
    String withVariables = substituteVariables(withConditionals);
    String expanded = expandFunctionMacros(withVariables)
        .replace("$__fromTime_ms", "fromUnixTimestamp64Milli(" + from.toEpochMilli() + ")")
        .replace("$__toTime_ms", "fromUnixTimestamp64Milli(" + to.toEpochMilli() + ")")
        .replace("$__fromTime", "toDateTime(" + from.getEpochSecond() + ")")
        .replace("$__toTime", "toDateTime(" + to.getEpochSecond() + ")")
        .replace("$__interval_s", Long.toString(intervalSeconds));
    Matcher leftover = LEFTOVER_MACRO.matcher(expanded);
    if (leftover.find()) {
      throw new IllegalArgumentException("Unknown macro " + leftover.group() + " in query: " + sql);
    }
    return expanded;
  }

  /** {@code $__conditionalAll(condition, $var)}: the condition, or 1=1 when the variable selects every value. */
  private String expandConditionalAll(String sql) {
    String macro = "$__conditionalAll(";
    StringBuilder out = new StringBuilder();
    int start = 0;
    int at;
    while ((at = sql.indexOf(macro, start)) >= 0) {
      out.append(sql, start, at);
      int open = at + macro.length() - 1;
      int close = matchingParenthesis(sql, open);
      String arguments = sql.substring(open + 1, close);
      int comma = lastTopLevelComma(arguments);
      if (comma < 0) {
        throw new IllegalArgumentException("$__conditionalAll needs (condition, $variable), got: " + arguments);
      }
      String condition = arguments.substring(0, comma).strip();
      String variableName = arguments.substring(comma + 1).strip().replaceAll("^\\$\\{?|}$", "");
      out.append(variable(variableName).all() ? "1=1" : expandConditionalAll(condition));
      start = close + 1;
    }
    return out.append(sql.substring(start)).toString();
  }

  private String substituteVariables(String sql) {
    Matcher m = VARIABLE.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(3) != null ? m.group(3) : m.group(4);
      if (name.startsWith("__")) {
        m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
        continue;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(format(variable(name), m.group(2))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String format(VariableValue value, String format) {
    List<String> values = value.values();
    if (format == null || format.equals("raw") || format.equals("text")) {
      return String.join(",", values);
    }
    return switch (format) {
      case "singlequote", "sqlstring" ->
        values.stream().map(v -> "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'")
            .collect(Collectors.joining(","));
      case "doublequote" ->
        values.stream().map(v -> "\"" + v.replace("\"", "\\\"") + "\"").collect(Collectors.joining(","));
      case "csv" -> String.join(",", values);
      case "pipe" -> String.join("|", values);
      default -> throw new IllegalArgumentException("Unsupported variable format :" + format
          + " (use singlequote, sqlstring, doublequote, csv, pipe, raw or text)");
    };
  }

  private String expandFunctionMacros(String sql) {
    String out = sql;
    out = replaceFunction(out, "$__timeFilter_ms(", c -> c + " >= fromUnixTimestamp64Milli(" + from.toEpochMilli()
        + ") AND " + c + " <= fromUnixTimestamp64Milli(" + to.toEpochMilli() + ")");
    out = replaceFunction(out, "$__timeFilter(", c -> c + " >= toDateTime(" + from.getEpochSecond() + ") AND " + c
        + " <= toDateTime(" + to.getEpochSecond() + ")");
    out = replaceFunction(out, "$__dateFilter(", c -> c + " >= toDate('" + DATE.format(from) + "') AND " + c
        + " <= toDate('" + DATE.format(to) + "')");
    out = replaceFunction(out, "$__timeInterval_ms(", c -> "toStartOfInterval(toDateTime64(" + c + ", 3), INTERVAL "
        + intervalSeconds * 1000 + " millisecond)");
    out = replaceFunction(out, "$__timeInterval(", c -> "toStartOfInterval(toDateTime(" + c + "), INTERVAL "
        + intervalSeconds + " second)");
    return out;
  }

  private static String replaceFunction(String sql, String macro, java.util.function.UnaryOperator<String> expansion) {
    StringBuilder out = new StringBuilder();
    int start = 0;
    int at;
    while ((at = sql.indexOf(macro, start)) >= 0) {
      int open = at + macro.length() - 1;
      int close = matchingParenthesis(sql, open);
      out.append(sql, start, at).append(expansion.apply(sql.substring(open + 1, close).strip()));
      start = close + 1;
    }
    return out.append(sql.substring(start)).toString();
  }

  private VariableValue variable(String name) {
    VariableValue value = variables.get(name);
    if (value == null) {
      throw new IllegalArgumentException("Variable $" + name + " is used but has no value; known variables: "
          + variables.keySet());
    }
    return value;
  }

  private static int matchingParenthesis(String sql, int open) {
    int depth = 0;
    boolean quoted = false;
    for (int i = open; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\\' && quoted) {
        i++;
      } else if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("Unbalanced parentheses after position " + open + " in: " + sql);
  }

  private static int lastTopLevelComma(String arguments) {
    int depth = 0;
    int last = -1;
    for (int i = 0; i < arguments.length(); i++) {
      char c = arguments.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        last = i;
      }
    }
    return last;
  }
}
