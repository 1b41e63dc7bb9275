package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.pipeline.xapi.LearnerDigest;

/** {@code learnstream bench erase} at a small size on a real ClickHouse server: the learner goes, the others stay. */
class BenchEraseCommandTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  @Test
  void theBenchmarkErasesOneLearnerOfTheLoadedStoreAndReportsTheRowsRemovedAndAVerifiedScan() {
    CliResult bench = CliResult.runOn(CLICKHOUSE, "bench", "erase", "--events", "2000", "--database",
        CLICKHOUSE.database());

    assertThat(bench.code()).as(bench.err()).isZero();
    assertThat(bench.out()).contains("verified=yes").contains("yardstick: ").contains("load average after");
    assertThat(bench.err()).contains("mastery_updates: day").contains("dead_letters:");
    String learner = group(bench.out(), "Erasing learner (\\S+) \\(");
    long removed = Long.parseLong(group(bench.out(), "removed=(\\d+) "));
    long events = Long.parseLong(group(bench.out(), "\\(([\\d,]+) events\\)").replace(",", ""));
    assertThat(removed).isGreaterThan(events);
    assertThat(rows("learning_events", "learner = " + ClickHouseQueries.quote(learner))).isZero();
    assertThat(rows("mastery_updates", "learner = " + ClickHouseQueries.quote(learner))).isZero();
    assertThat(rows("alerts", "learner = " + ClickHouseQueries.quote(learner))).isZero();
    assertThat(rows("learning_events", "1")).isEqualTo(2000 - events);
    assertThat(rows("alerts", "1")).isPositive();
    assertThat(rows("erasure_receipts", "verified = 1 AND learner = "
        + ClickHouseQueries.quote(LearnerDigest.of("school-00", learner)))).isEqualTo(1);
  }

  private static long rows(String table, String where) {
    return ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM " + CLICKHOUSE.table(table)
        + " WHERE " + where);
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(regex + " in " + text).isTrue();
    return m.group(1);
  }
}
