package org.learnstream.pipeline.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.schemas.DeadLetter;
import org.learnstream.schemas.LearningEvent;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class LateEventEncoderTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  @Test
  void lateEventsLandWithTheirStoredTimeAsArrivalAndCollapseWhenWrittenTwice() throws Exception {
    List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    List<LearningEvent> events = TestRows.learningEvents(40, 7);
    ClickHouseWriter<LearningEvent> writer = new ClickHouseWriter<>(CLICKHOUSE.client(), CLICKHOUSE.database(),
        new LateEventEncoder(), WriterSettings.defaults().withBatchRows(16), deadLetters::add);
    events.forEach(writer::write);
    events.forEach(writer::write);
    writer.flush();

    List<Map<String, Object>> rows = ClickHouseQueries.rows(CLICKHOUSE.client(),
        "SELECT statement_id, tenant, learner, skills, timestamp_ms, arrived_at FROM "
            + CLICKHOUSE.table("late_events") + " FINAL ORDER BY statement_id");

    assertThat(deadLetters).isEmpty();
    assertThat(rows).hasSize(events.size());
    for (LearningEvent e : events) {
      Map<String, Object> row = rows.stream()
          .filter(r -> e.getStatementId().equals(r.get("statement_id"))).findFirst().orElseThrow();
      assertThat(row.get("tenant")).isEqualTo(e.getTenant());
      assertThat(row.get("learner")).isEqualTo(e.getLearner());
      assertThat(row.get("skills")).isEqualTo(e.getSkills());
      assertThat(row.get("timestamp_ms")).isEqualTo(String.valueOf(e.getTimestamp().toEpochMilli()));
      assertThat(row.get("arrived_at")).isEqualTo(SECONDS.format(e.getStored()));
    }
  }
}
