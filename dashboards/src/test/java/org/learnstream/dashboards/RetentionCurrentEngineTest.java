package org.learnstream.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.clickhouse.ClickHouseRetention;
import org.learnstream.pipeline.clickhouse.Migration;
import org.learnstream.pipeline.clickhouse.RetentionTables.Kind;
import org.learnstream.pipeline.clickhouse.RetentionWindows;
import org.learnstream.pipeline.clickhouse.SchemaMigrations;
import org.learnstream.pipeline.clickhouse.SchoolDatabase;

/**
 * The statements of a retention run (partition drops, per-tenant deletions, the reads that plan them) on current
 * ClickHouse (chDB 26.x); {@code RetentionCommandTest} runs them on 18.16. Skipped, with how to get chDB, where it
 * is not at hand.
 */
class RetentionCurrentEngineTest {

  @Test
  void aThirtyDayWindowRemovesExactlyTheOlderRowsOnTheCurrentEngine() {
    assumeTrue(ChDb.configuredLibrary().isPresent(), ChDb.HOW_TO_GET_IT);
    SchoolDatabase.Sql sql = SchoolDatabaseCurrentEngineTest.on(ChDb.shared(ChDb.configuredLibrary().get()));
    String database = "r_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    sql.execute("CREATE DATABASE " + database);
    try {
      for (Migration migration : SchemaMigrations.bundled()) {
        migration.statements(database).forEach(sql::execute);
      }
      Instant now = Instant.now();
      String t = "(" + now.getEpochSecond() + " - intDiv(number, 2) * 86400 - 3600)";
      for (String tenant : List.of("school-short", "school-long")) {
        sql.execute("INSERT INTO " + database + ".learning_events (statement_id, tenant, learner, kind, verb, "
            + "object_id, object_type, skills, timestamp, timestamp_ms, stored, stored_ms, statement_json) SELECT "
            + "concat('" + tenant + "-', toString(number)), '" + tenant + "', toString(number), 'RESPONSE', 'v', 'o',"
            + " 'Activity', ['k'], toDateTime(" + t + "), " + t + " * 1000, toDateTime(" + t + "), " + t + " * 1000,"
            + " '{}' FROM system.numbers LIMIT 180");
      }
      // dated in 2099 (a clock years fast): goes a window after it was stored, 40 days ago; stored yesterday, stays
      for (int daysAgo : List.of(40, 1)) {
        long stored = now.minus(Duration.ofDays(daysAgo)).getEpochSecond();
        sql.execute("INSERT INTO " + database + ".learning_events (statement_id, tenant, learner, kind, verb, "
            + "object_id, object_type, skills, timestamp, timestamp_ms, stored, stored_ms, statement_json) VALUES "
            + "('ahead-" + daysAgo + "', 'school-ahead', 'l', 'RESPONSE', 'v', 'o', 'Activity', ['k'], "
            + "toDateTime(4070952000), 4070952000000, toDateTime(" + stored + "), " + stored * 1000 + ", '{}')");
      }
      Map<Kind, RetentionWindows> windows = Map.of(Kind.STATEMENTS, RetentionWindows.of(Duration.ofDays(30)),
          Kind.EVENTS, new RetentionWindows(Duration.ofDays(30), Map.of("school-long", Duration.ofDays(60))));
      ClickHouseRetention retention = new ClickHouseRetention(sql, database);

      List<ClickHouseRetention.Step> steps = retention.plan(windows, now);
      steps.forEach(step -> retention.apply(step, Duration.ofMinutes(2), line -> {
      }));

      assertThat(steps).extracting(ClickHouseRetention.Step::action).contains(ClickHouseRetention.Action.DROP_PARTITION,
          ClickHouseRetention.Action.DELETE_ROWS);
      for (String table : List.of("learning_events", "statement_timeline")) {
        String time = table.equals("learning_events") ? "timestamp_ms" : "stored_ms";
        assertThat(count(sql, database + "." + table, "tenant = 'school-short' AND " + time + " < "
            + now.minus(Duration.ofDays(30)).toEpochMilli())).as(table).isZero();
        assertThat(count(sql, database + "." + table, "tenant = 'school-short'")).as(table).isEqualTo(60);
        assertThat(count(sql, database + "." + table, "tenant = 'school-long'")).as(table).isEqualTo(120);
      }
      assertThat(sql.rows("SELECT statement_id FROM " + database + ".learning_events WHERE tenant = 'school-ahead'"))
          .extracting(row -> row.get("statement_id")).containsExactly("ahead-1");
    } finally {
      sql.execute("DROP DATABASE IF EXISTS " + database);
    }
  }

  private static long count(SchoolDatabase.Sql sql, String table, String where) {
    return Long.parseLong(String.valueOf(sql.rows("SELECT count() AS n FROM " + table + " WHERE " + where).get(0)
        .get("n")));
  }
}
