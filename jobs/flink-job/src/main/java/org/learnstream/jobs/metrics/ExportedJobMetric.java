package org.learnstream.jobs.metrics;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.learnstream.pipeline.clickhouse.ClickHouseSink;
import org.learnstream.pipeline.deadletter.DeadLetterCounters;

/**
 * A Flink metric of the job exported to Prometheus: its name there (Micrometer's dotted form, e.g.
 * {@code learnstream.dead.letters} becomes {@code learnstream_dead_letters_total}), its labels taken from metric
 * group variables, and labels fixed per Flink metric. Label values are ids from the code (origins, rules, tables),
 * never learners' data.
 */
record ExportedJobMetric(String name, Kind kind, List<String> variableLabels, Map<String, String> fixedLabels,
    String description) {

  enum Kind {
    COUNTER, TIMER
  }

  private static final String LATE = "Responses stored in late_events instead of changing mastery, by reason";

  /** By the name the job registers the metric under in Flink. */
  private static final Map<String, ExportedJobMetric> BY_FLINK_NAME = Map.of(
      DeadLetterCounters.METRIC, new ExportedJobMetric("learnstream.dead.letters", Kind.COUNTER,
          List.of(DeadLetterCounters.ORIGIN, DeadLetterCounters.RULE), Map.of(),
          "Records sent to dead letters, by the stage that refused them and the rule they broke"),
      // registered by EventTimeMastery
      "lateResponses", new ExportedJobMetric("learnstream.late.events", Kind.COUNTER, List.of(),
          Map.of("reason", "late"), LATE),
      "voidsBeyondHistory", new ExportedJobMetric("learnstream.late.events", Kind.COUNTER, List.of(),
          Map.of("reason", "void_beyond_history"), LATE),
      // registered by SkillFanOut
      "unmappedActivities", new ExportedJobMetric("learnstream.unmapped.activities", Kind.COUNTER, List.of(),
          Map.of(), "Responses on activities that neither the catalog nor the statement maps to skills"),
      ClickHouseSink.ROWS_WRITTEN, new ExportedJobMetric("learnstream.clickhouse.sink.rows", Kind.COUNTER,
          List.of(ClickHouseSink.TABLE), Map.of(), "Rows inserted into ClickHouse (a retried insert counts once)"),
      ClickHouseSink.INSERT_FAILURES, new ExportedJobMetric("learnstream.clickhouse.sink.failures", Kind.COUNTER,
          List.of(ClickHouseSink.TABLE), Map.of(), "ClickHouse inserts that failed and were retried"),
      ClickHouseSink.INSERT_NANOS, new ExportedJobMetric("learnstream.clickhouse.sink.flush", Kind.TIMER,
          List.of(ClickHouseSink.TABLE), Map.of(), "Time until one batch landed in ClickHouse, retries included"));

  static Optional<ExportedJobMetric> forFlinkName(String name) {
    return Optional.ofNullable(BY_FLINK_NAME.get(name));
  }

  /** The labels for a metric with these group variables (keys without Flink's angle brackets); empty if one lacks. */
  Optional<Tags> tags(Map<String, String> variables) {
    Tags tags = Tags.of(fixedLabels.entrySet().stream()
        .map(e -> Tag.of(e.getKey(), e.getValue())).toList());
    for (String label : variableLabels) {
      String value = variables.get(label);
      if (value == null) {
        return Optional.empty();
      }
      tags = tags.and(label, value);
    }
    return Optional.of(tags);
  }
}
