package org.learnstream.jobs.ingest.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Two phases' CPU per request by group of threads, side by side: where one endpoint spends more than the other per
 * request (the request threads, the committers, the broker), which the process's total cannot say.
 */
public final class CpuByGroupComparison {

  private CpuByGroupComparison() {
  }

  /** One group's CPU microseconds per request in each phase. */
  public record Row(String group, double baseline, double treated) {
    public double difference() {
      return treated - baseline;
    }
  }

  /** Every group either phase has, the largest difference first. */
  public static List<Row> rows(LoadResult baseline, LoadResult treated) {
    Map<String, Double> before = baseline.cpuMicrosPerRequestByGroup();
    Map<String, Double> after = treated.cpuMicrosPerRequestByGroup();
    TreeSet<String> groups = new TreeSet<>(before.keySet());
    groups.addAll(after.keySet());
    List<Row> rows = new ArrayList<>();
    for (String group : groups) {
      rows.add(new Row(group, before.getOrDefault(group, 0.0), after.getOrDefault(group, 0.0)));
    }
    rows.sort(Comparator.comparingDouble((Row r) -> -Math.abs(r.difference())));
    return rows;
  }

  /** The table as printed: the groups whose CPU per request differs by {@code atLeastMicros} or more. */
  public static List<String> describe(LoadResult baseline, LoadResult treated, double atLeastMicros) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "CPU by thread group, µs per request: %s / %s / difference (groups "
        + "differing by %.0f or more)", baseline.name(), treated.name(), atLeastMicros));
    for (Row r : rows(baseline, treated)) {
      if (Math.abs(r.difference()) >= atLeastMicros) {
        lines.add(String.format(Locale.ROOT, "  %9.1f %9.1f %+9.1f  %s", r.baseline(), r.treated(), r.difference(),
            r.group()));
      }
    }
    return lines;
  }
}
