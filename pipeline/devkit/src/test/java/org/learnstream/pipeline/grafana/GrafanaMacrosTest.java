package org.learnstream.pipeline.grafana;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrafanaMacrosTest {

  private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-03-08T12:00:00Z");

  private static GrafanaMacros macros(Map<String, VariableValue> variables) {
    return new GrafanaMacros(FROM, TO, 300, variables);
  }

  @Test
  void timeMacrosBecomeEpochSecondDateTimes() {
    String sql = macros(Map.of()).expand(
        "WHERE $__timeFilter(event_time) AND day >= toDate($__fromTime) AND d <= $__toTime GROUP BY intDiv(t, $__interval_s)");
    assertThat(sql).isEqualTo("WHERE event_time >= toDateTime(1772323200) AND event_time <= toDateTime(1772971200)"
        + " AND day >= toDate(toDateTime(1772323200)) AND d <= toDateTime(1772971200) GROUP BY intDiv(t, 300)");
  }

  @Test
  void dateFilterUsesUtcDays() {
    assertThat(macros(Map.of()).expand("$__dateFilter(day)"))
        .isEqualTo("day >= toDate('2026-03-01') AND day <= toDate('2026-03-08')");
  }

  @Test
  void multiValueVariablesAreQuotedAndEscapedAsAList() {
    String sql = macros(Map.of("course", new VariableValue(List.of("math", "o'brien"), false)))
        .expand("course IN (${course:singlequote})");
    assertThat(sql).isEqualTo("course IN ('math','o\\'brien')");
  }

  @Test
  void conditionalAllIsTrueWhenEverythingIsSelectedAndTheConditionOtherwise() {
    String query = "WHERE $__conditionalAll(ifNull(course, '') IN (${course:singlequote}), $course) AND x = 1";
    assertThat(macros(Map.of("course", VariableValue.all(List.of("a", "b")))).expand(query))
        .isEqualTo("WHERE 1=1 AND x = 1");
    assertThat(macros(Map.of("course", VariableValue.of("a"))).expand(query))
        .isEqualTo("WHERE ifNull(course, '') IN ('a') AND x = 1");
  }

  @Test
  void plainAndBracedVariablesAreReplacedButBuiltInsAreNot() {
    String sql = macros(Map.of("database", VariableValue.of("learnstream"), "threshold", VariableValue.of("0.95")))
        .expand("SELECT * FROM ${database}.t WHERE p < $threshold");
    assertThat(sql).isEqualTo("SELECT * FROM learnstream.t WHERE p < 0.95");
  }

  @Test
  void anUnknownVariableOrMacroIsAnError() {
    assertThatThrownBy(() -> macros(Map.of()).expand("SELECT $tenant")).hasMessageContaining("$tenant");
    assertThatThrownBy(() -> macros(Map.of()).expand("SELECT $__unknownMacro(x)"))
        .hasMessageContaining("$__unknownMacro");
  }

  @Test
  void macrosNeedingANewerServerExpandAsThePluginSendsThem() {
    assertThat(macros(Map.of()).expand("$__timeInterval(t)"))
        .isEqualTo("toStartOfInterval(toDateTime(t), INTERVAL 300 second)");
    assertThat(macros(Map.of()).expand("$__timeFilter_ms(t)")).contains("fromUnixTimestamp64Milli(1772323200000)");
  }
}
