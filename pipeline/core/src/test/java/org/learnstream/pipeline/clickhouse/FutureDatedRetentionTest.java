package org.learnstream.pipeline.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.clickhouse.RetentionTables.Kind;
import org.learnstream.pipeline.testing.ClickHouseExtension;

/**
 * A statement dated ahead of its receipt (a device clock years fast, a deadline), on 18.16: its text goes a window
 * after it was stored, like any other statement's, not a window after the date it claims.
 */
class FutureDatedRetentionTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final Instant NOW = Instant.now();
  private static final Instant YEAR_2099 = ZonedDateTime.of(2099, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC).toInstant();

  @Test
  void aStatementDatedDecadesAheadGoesAWindowAfterItWasStoredAndOneStoredInsideTheWindowStays() {
    insert("ahead-stored-long-ago", YEAR_2099, NOW.minus(Duration.ofDays(40)));
    insert("ahead-stored-yesterday", YEAR_2099, NOW.minus(Duration.ofDays(1)));
    insert("past-the-window", NOW.minus(Duration.ofDays(40)), NOW.minus(Duration.ofDays(40)));
    insert("inside-the-window", NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(2)));
    ClickHouseRetention retention = new ClickHouseRetention(CLICKHOUSE.client(), CLICKHOUSE.database());
    Map<Kind, RetentionWindows> windows = Map.of(Kind.STATEMENTS, RetentionWindows.of(Duration.ofDays(30)),
        Kind.EVENTS, RetentionWindows.of(Duration.ofDays(30)));

    List<ClickHouseRetention.Step> steps = retention.plan(windows, NOW).stream()
        .filter(step -> step.table().equals("learning_events")).toList();
    steps.forEach(step -> retention.apply(step, Duration.ofMinutes(2), line -> {
    }));

    assertThat(steps).extracting(ClickHouseRetention.Step::action).contains(ClickHouseRetention.Action.DELETE_ROWS);
    assertThat(steps.stream().mapToLong(ClickHouseRetention.Step::rows).sum()).isEqualTo(2);
    assertThat(ClickHouseQueries.text(CLICKHOUSE.client(), "SELECT statement_id FROM "
        + CLICKHOUSE.table("learning_events") + " ORDER BY statement_id FORMAT TabSeparated"))
        .isEqualTo("ahead-stored-yesterday\ninside-the-window\n");
  }

  private static void insert(String id, Instant timestamp, Instant stored) {
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("learning_events")
        + " (statement_id, tenant, learner, kind, verb, object_id, object_type, skills, timestamp, timestamp_ms,"
        + " stored, stored_ms, statement_json) VALUES ('" + id + "', 'school', 'lrn', 'RESPONSE', 'v', 'o',"
        + " 'Activity', ['k'], toDateTime(" + timestamp.getEpochSecond() + "), " + timestamp.toEpochMilli()
        + ", toDateTime(" + stored.getEpochSecond() + "), " + stored.toEpochMilli() + ", '{\"actor\":{}}')");
  }
}
