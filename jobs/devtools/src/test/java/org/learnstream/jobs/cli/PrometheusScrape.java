package org.learnstream.jobs.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The series of one scrape in Prometheus' text format, and which dashboard names they resolve. */
record PrometheusScrape(List<Series> series) {

  record Series(String name, Map<String, String> labels, double value) {
  }

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  static PrometheusScrape parse(String text) {
    List<Series> series = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.find()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      series.add(new Series(m.group(1), labels, value(m.group(3))));
    }
    return new PrometheusScrape(series);
  }

  /** Prometheus writes infinities as {@code +Inf} and {@code -Inf}. */
  private static double value(String text) {
    return Double.parseDouble(text.endsWith("Inf") ? text.replace("Inf", "Infinity") : text);
  }

  /** What {@code query} names that this scrape lacks: a metric, or a label no series of its metrics carries. */
  List<String> unresolved(PromQuery query) {
    List<String> missing = new ArrayList<>();
    for (String metric : query.metrics()) {
      Set<String> labels = new TreeSet<>();
      series.stream().filter(s -> s.name().equals(metric)).forEach(s -> labels.addAll(s.labels().keySet()));
      if (series.stream().noneMatch(s -> s.name().equals(metric))) {
        missing.add("metric " + metric);
        continue;
      }
      query.labels().stream().filter(l -> !labels.contains(l))
          .forEach(l -> missing.add("label " + l + " of " + metric + " (it has " + labels + ")"));
    }
    return missing;
  }

  /** The sum of the series of {@code metric} whose labels include {@code labels}. */
  double sum(String metric, Map<String, String> labels) {
    return series.stream()
        .filter(s -> s.name().equals(metric) && s.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(Series::value).sum();
  }
}
