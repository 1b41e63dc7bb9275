package org.learnstream.dashboards;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import static org.learnstream.dashboards.DemoCohort.TIME;
import static org.learnstream.dashboards.DemoCohort.q;
import org.learnstream.pipeline.warning.AlertChange;
import org.learnstream.pipeline.warning.ClassPattern;
import org.learnstream.pipeline.warning.ClassPatternSettings;
import org.learnstream.pipeline.warning.ClassWarnings;

/**
 * The class-wide patterns among the demo cohort's alerts, found by the job's own {@link ClassWarnings} with the
 * default settings: each class's answers and alert raisings are fed to it in event-time order, as the job's
 * {@code class-alerts} operator sees them.
 */
final class DemoClassPatterns {

  /** One input of a class: an answer ({@code rule} null) or an alert raising. */
  private record Input(long at, String learner, String rule, String skill) {
  }

  private final Map<List<String>, List<Input>> byClass = new LinkedHashMap<>();

  void answered(String tenant, String course, String section, String learner, Instant at) {
    inputsOf(tenant, course, section).add(new Input(at.toEpochMilli(), learner, null, null));
  }

  void raised(String tenant, String course, String section, String learner, String rule, String skill, Instant at) {
    inputsOf(tenant, course, section).add(new Input(at.toEpochMilli(), learner, rule, skill));
  }

  /** VALUES rows of {@code class_patterns}, in the encoder's column order. */
  List<String> rows() {
    List<String> rows = new ArrayList<>();
    for (Map.Entry<List<String>, List<Input>> c : byClass.entrySet()) {
      for (ClassPattern p : patterns(c.getKey(), c.getValue())) {
        rows.add("(" + String.join(",", q(p.tenant()), q(p.course()), q(p.section()), q(p.rule()),
            q(p.skill() == null ? "" : p.skill()), q(TIME.format(Instant.ofEpochMilli(p.start()))),
            Long.toString(p.start()), q(TIME.format(Instant.ofEpochMilli(p.at()))), Long.toString(p.at()),
            Integer.toString(p.alertedLearners()), Integer.toString(p.classLearners())) + ")");
      }
    }
    return rows;
  }

  private static List<ClassPattern> patterns(List<String> klass, List<Input> inputs) {
    ClassWarnings warnings = new ClassWarnings(klass.get(0), klass.get(1), klass.get(2));
    ClassPatternSettings settings = ClassPatternSettings.defaults();
    List<ClassPattern> found = new ArrayList<>();
    // answers before alerts at the same time: the answer that raised an alert made its learner active first
    inputs.stream().sorted(Comparator.comparingLong(Input::at).thenComparing(i -> i.rule() != null)).forEach(i -> {
      if (i.rule() == null) {
        warnings.onActivity(i.learner(), i.at());
      } else {
        warnings.onAlert(i.rule(), i.skill(), i.learner(), i.at(), AlertChange.RAISED, settings, found);
      }
    });
    return found;
  }

  private List<Input> inputsOf(String tenant, String course, String section) {
    return byClass.computeIfAbsent(List.of(tenant, course, section), k -> new ArrayList<>());
  }
}
