package org.learnstream.jobs.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Where a paired comparison's CPU goes, by group of threads: a Flink task (its subtasks together, e.g. {@code
 * Source: xapi.statements -> normalise}), or threads named alike but for numbers (a Kafka producer's network thread,
 * the broker's request handlers). Per group, the median over each side's runs of its CPU microseconds per event, and
 * the difference: what the side under test costs more, and where, when the whole JVM's figure alone cannot say.
 */
public final class ThreadGroups {

  private static final Pattern SUBTASK = Pattern.compile(" \\(\\d+/\\d+\\)#\\d+$");
  private static final Pattern NUMBER = Pattern.compile("\\d+");
  /** Groups whose medians differ by less than this, in µs per event, are left out of the table. */
  private static final double SHOWN_DIFFERENCE_US = 0.5;

  /** One run's CPU microseconds per event, by group. */
  record Run(boolean treated, Map<String, Double> usPerEvent) {
  }

  private final List<Run> runs = new ArrayList<>();
  private final List<String> sideWords;

  /**
   * @param sideWords words that name a side in its threads' names (its topics, transactional ids), e.g. {@code
   *     sealed}: left out of the groups, so that the two sides' threads of one kind form one group
   */
  ThreadGroups(List<String> sideWords) {
    this.sideWords = List.copyOf(sideWords);
  }

  /** The group of a thread: a task's name without its subtask, other names with their numbers as {@code N}. */
  public static String of(String threadName) {
    if (SUBTASK.matcher(threadName).find()) {
      return SUBTASK.matcher(threadName).replaceAll("");
    }
    return NUMBER.matcher(threadName).replaceAll("N");
  }

  /** {@link #of} without the words that name a side ({@code sealed.}, {@code -clear}). */
  String groupOf(String threadName) {
    String group = of(threadName);
    for (String word : sideWords) {
      group = group.replace(word + ".", "").replace("-" + word, "");
    }
    return group;
  }

  void add(boolean treated, Map<String, Long> nanosByGroup, long events) {
    Map<String, Double> perEvent = new HashMap<>();
    nanosByGroup.forEach((group, nanos) -> perEvent.merge(groupOf(group), nanos / 1e3 / events, Double::sum));
    runs.add(new Run(treated, perEvent));
  }

  /** Per group: the median of each side (a run without the group counts 0) and their difference. */
  record Row(String group, double baseline, double treated) {
    double difference() {
      return treated - baseline;
    }

    /** Whether the table shows the group: its medians differ by half a microsecond per event or more. */
    boolean shown() {
      return Math.abs(difference()) >= SHOWN_DIFFERENCE_US;
    }
  }

  List<Row> rows() {
    TreeSet<String> groups = new TreeSet<>();
    runs.forEach(r -> groups.addAll(r.usPerEvent().keySet()));
    List<Row> rows = new ArrayList<>();
    for (String group : groups) {
      rows.add(new Row(group, median(group, false), median(group, true)));
    }
    rows.sort(Comparator.comparingDouble((Row r) -> -Math.abs(r.difference())));
    return rows;
  }

  /** The table as printed: the groups that differ by at least half a microsecond per event, largest first. */
  List<String> describe(PairedComparison.Sides sides) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "CPU by thread group, µs per event, medians: %s / %s / difference "
        + "(groups differing by %.1f or more)", sides.baseline(), sides.treated(), SHOWN_DIFFERENCE_US));
    for (Row r : rows()) {
      if (r.shown()) {
        lines.add(String.format(Locale.ROOT, "  %8.1f %8.1f %+8.1f  %s", r.baseline(), r.treated(), r.difference(),
            r.group()));
      }
    }
    return lines;
  }

  private double median(String group, boolean treated) {
    double[] values = runs.stream().filter(r -> r.treated() == treated)
        .mapToDouble(r -> r.usPerEvent().getOrDefault(group, 0.0)).toArray();
    return values.length == 0 ? 0 : PairedComparison.median(values);
  }
}
