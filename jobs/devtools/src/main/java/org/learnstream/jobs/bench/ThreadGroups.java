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
 * Where a comparison's CPU goes, by group of threads: a Flink task (its subtasks together, e.g. {@code
 * Source: xapi.statements -> normalise}), or threads named alike but for numbers (a Kafka producer's network thread,
 * the broker's request handlers). Per group, the median over each side's runs of its CPU microseconds per unit of work
 * (an event of {@code bench pipeline}'s paired rounds, a request of {@code bench ingest}'s phases), and the
 * difference: what the side under test costs more, and where, when the whole process's figure alone cannot say.
 */
public final class ThreadGroups {

  private static final Pattern SUBTASK = Pattern.compile(" \\(\\d+/\\d+\\)#\\d+$");
  private static final Pattern NUMBER = Pattern.compile("\\d+");
  /** Groups whose medians differ by less than this, in µs per event, are left out of the paired rounds' table. */
  private static final double SHOWN_DIFFERENCE_US = 0.5;

  /** One run's CPU microseconds per unit of work, by group. */
  record Run(boolean treated, Map<String, Double> usPerUnit) {
  }

  private final List<Run> runs = new ArrayList<>();
  private final List<String> sideWords;

  /**
   * @param sideWords words that name a side in its threads' names (its topics, transactional ids), e.g. {@code
   *     sealed}: left out of the groups, so that the two sides' threads of one kind form one group
   */
  public ThreadGroups(List<String> sideWords) {
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

  /** One run of a side: CPU nanoseconds by group over {@code units} of work (none: the run counts no CPU). */
  public void add(boolean treated, Map<String, Long> nanosByGroup, long units) {
    Map<String, Double> perUnit = new HashMap<>();
    if (units > 0) {
      nanosByGroup.forEach((group, nanos) -> perUnit.merge(groupOf(group), nanos / 1e3 / units, Double::sum));
    }
    runs.add(new Run(treated, perUnit));
  }

  /** Per group: the median of each side (a run without the group counts 0) and their difference. */
  public record Row(String group, double baseline, double treated) {
    public double difference() {
      return treated - baseline;
    }

    /** Whether the paired rounds' table shows the group: its medians differ by half a microsecond per event or more. */
    boolean shown() {
      return differsBy(SHOWN_DIFFERENCE_US);
    }

    boolean differsBy(double atLeastMicros) {
      return Math.abs(difference()) >= atLeastMicros;
    }
  }

  /** Every group a run has, the largest difference first. */
  public List<Row> rows() {
    TreeSet<String> groups = new TreeSet<>();
    runs.forEach(r -> groups.addAll(r.usPerUnit().keySet()));
    List<Row> rows = new ArrayList<>();
    for (String group : groups) {
      rows.add(new Row(group, median(group, false), median(group, true)));
    }
    rows.sort(Comparator.comparingDouble((Row r) -> -Math.abs(r.difference())));
    return rows;
  }

  /** The paired rounds' table as printed: the groups that differ by half a microsecond per event or more. */
  List<String> describe(PairedComparison.Sides sides) {
    return describe(sides.baseline(), sides.treated(), "event", SHOWN_DIFFERENCE_US);
  }

  /** The table as printed: the groups whose medians differ by {@code atLeastMicros} per {@code unit} or more. */
  public List<String> describe(String baseline, String treated, String unit, double atLeastMicros) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "CPU by thread group, µs per %s, medians: %s / %s / difference "
        + "(groups differing by %.1f or more)", unit, baseline, treated, atLeastMicros));
    for (Row r : rows()) {
      if (r.differsBy(atLeastMicros)) {
        lines.add(String.format(Locale.ROOT, "  %9.1f %9.1f %+9.1f  %s", r.baseline(), r.treated(), r.difference(),
            r.group()));
      }
    }
    return lines;
  }

  private double median(String group, boolean treated) {
    double[] values = runs.stream().filter(r -> r.treated() == treated)
        .mapToDouble(r -> r.usPerUnit().getOrDefault(group, 0.0)).toArray();
    return values.length == 0 ? 0 : PairedComparison.median(values);
  }
}
