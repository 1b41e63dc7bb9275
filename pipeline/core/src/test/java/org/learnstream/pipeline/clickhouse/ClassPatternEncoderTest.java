package org.learnstream.pipeline.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.pipeline.warning.ClassPattern;
import org.learnstream.schemas.DeadLetter;

/** Class-wide patterns land in class_patterns on the ClickHouse the tests start, one row per pattern. */
class ClassPatternEncoderTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final long START = 1_760_000_000_123L;

  @Test
  void aPatternWrittenAgainKeepsTheRowCountingTheMostLearnersWhateverTheOrderOfItsAlerts() throws Exception {
    ClassPattern begun = new ClassPattern("school-a", "algebra", "7b", "act", "fractions", START, START + 60_000, 6,
        10);
    // an alert dated before the last one reaches the class later: the pattern grows at an earlier event time
    ClassPattern grown = new ClassPattern("school-a", "algebra", "7b", "act", "fractions", START, START + 30_000, 8,
        11);
    ClassPattern learnerWide = new ClassPattern("school-a", null, null, "inactivity", null, START, START, 5, 9);

    List<Map<String, Object>> rows = written(List.of(begun, grown, begun, learnerWide));

    assertThat(rows).containsExactly(
        Map.of("course", "", "section", "", "rule", "inactivity", "skill", "", "start_ms", String.valueOf(START),
            "at_ms", String.valueOf(START), "alerted_learners", 5, "class_learners", 9),
        Map.of("course", "algebra", "section", "7b", "rule", "act", "skill", "fractions", "start_ms",
            String.valueOf(START), "at_ms", String.valueOf(START + 30_000), "alerted_learners", 8, "class_learners",
            11));
  }

  @Test
  void theStartAndTheNewestAlertLandAsSecondsNextToTheirMilliseconds() throws Exception {
    write(List.of(new ClassPattern("school-b", "algebra", "7b", "act", "fractions", START, START + 1_500, 3, 4)));

    List<Map<String, Object>> rows = ClickHouseQueries.rows(CLICKHOUSE.client(), "SELECT toUInt32(start) AS start_s, "
        + "toUInt32(at) AS at_s FROM " + CLICKHOUSE.table("class_patterns") + " WHERE tenant = 'school-b'");

    assertThat(rows).containsExactly(Map.of("start_s", (int) (START / 1000), "at_s", (int) ((START + 1_500) / 1000)));
  }

  private static List<Map<String, Object>> written(List<ClassPattern> patterns) throws Exception {
    write(patterns);
    return ClickHouseQueries.rows(CLICKHOUSE.client(), "SELECT course, section, rule, skill, start_ms, at_ms, "
        + "alerted_learners, class_learners FROM " + CLICKHOUSE.table("class_patterns")
        + " FINAL WHERE tenant = 'school-a' ORDER BY course, rule");
  }

  private static void write(List<ClassPattern> patterns) throws Exception {
    List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    ClickHouseWriter<ClassPattern> writer = new ClickHouseWriter<>(CLICKHOUSE.client(), CLICKHOUSE.database(),
        new ClassPatternEncoder(), WriterSettings.defaults(), deadLetters::add);
    patterns.forEach(writer::write);
    writer.flush();
    assertThat(deadLetters).isEmpty();
  }
}
