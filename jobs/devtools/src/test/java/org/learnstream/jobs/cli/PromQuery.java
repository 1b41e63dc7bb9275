package org.learnstream.jobs.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names and label names a Prometheus expression of a Grafana panel depends on: metrics it selects, labels
 * it groups by ({@code by}, {@code without}, {@code on}, {@code ignoring}) or matches ({@code {rule="x"}}), and
 * labels its legend shows ({@code {{topic}}}). Enough PromQL for dashboard queries, not a full parser.
 */
record PromQuery(String expression, Set<String> metrics, Set<String> labels) {

  private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
  private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring)\\s*\\(([^)]*)\\)");
  private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)}");
  private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
      "bool", "and", "or", "unless", "offset", "inf", "nan");

  static PromQuery parse(String expression, String legendFormat) {
    Set<String> labels = new LinkedHashSet<>();
    String rest = RANGE.matcher(expression).replaceAll(" ");
    rest = collect(GROUPING, rest, group -> {
      for (String label : group.split(",")) {
        if (!label.isBlank()) {
          labels.add(label.trim());
        }
      }
    });
    rest = collect(MATCHERS, rest, matchers -> {
      Matcher m = MATCHER_LABEL.matcher(STRING.matcher(matchers).replaceAll(" "));
      while (m.find()) {
        labels.add(m.group(1));
      }
    });
    if (legendFormat != null) {
      Matcher m = LEGEND_LABEL.matcher(legendFormat);
      while (m.find()) {
        labels.add(m.group(1));
      }
    }
    Set<String> metrics = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(STRING.matcher(rest).replaceAll(" "));
    while (m.find()) {
      boolean function = m.group(2) != null;
      if (!function && !KEYWORDS.contains(m.group(1).toLowerCase())) {
        metrics.add(m.group(1));
      }
    }
    return new PromQuery(expression, metrics, labels);
  }

  /** Hands each match's first group to {@code sink} and returns the text without the matches. */
  private static String collect(Pattern pattern, String text, java.util.function.Consumer<String> sink) {
    Matcher m = pattern.matcher(text);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group(1));
    }
    found.forEach(sink);
    return m.replaceAll(" ");
  }
}
