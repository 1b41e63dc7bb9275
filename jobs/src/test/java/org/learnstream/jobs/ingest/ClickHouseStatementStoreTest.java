package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.testing.ClickHouseExtension;

/** Reads landed statements from a real ClickHouse learning_events table. */
class ClickHouseStatementStoreTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static void land(String tenant, String id, String kind, String voidedId, String json) {
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("learning_events")
        + " (statement_id, tenant, learner, kind, verb, object_id, object_type, skills, voided_statement_id,"
        + " timestamp, timestamp_ms, stored, stored_ms, statement_json) VALUES ("
        + String.join(",", ClickHouseQueries.quote(id), ClickHouseQueries.quote(tenant), "'learner-1'",
            ClickHouseQueries.quote(kind), "'http://adlnet.gov/expapi/verbs/answered'", "'http://o/1'", "'Activity'", "[]",
            voidedId == null ? "NULL" : ClickHouseQueries.quote(voidedId),
            "toDateTime('2026-03-01 10:00:00', 'UTC')", "1772359200000", "toDateTime('2026-03-01 10:00:01', 'UTC')",
            "1772359201000", ClickHouseQueries.quote(json)) + ")");
  }

  @Test
  void findsLandedStatementsByTenantAndIdAndTellsWhichAreVoided() {
    String id = UUID.randomUUID().toString();
    String voiding = UUID.randomUUID().toString();
    land("school-a", id, "RESPONSE", null, "{\"id\":\"" + id + "\",\"verb\":{\"id\":\"http://v/answered\"}}");
    land("school-a", voiding, "VOIDING", id, "{\"id\":\"" + voiding + "\"}");
    ClickHouseStatementStore store = new ClickHouseStatementStore(CLICKHOUSE.client(), CLICKHOUSE.database());

    assertThat(store.statements("school-a", List.of(id, UUID.randomUUID().toString()))).containsOnlyKeys(id);
    assertThat(store.statement("school-a", id)).get()
        .satisfies(s -> assertThat(s.at("/verb/id").asText()).isEqualTo("http://v/answered"));
    assertThat(store.statement("school-b", id)).isEmpty();
    assertThat(store.isVoided("school-a", id)).isTrue();
    assertThat(store.isVoided("school-a", voiding)).isFalse();
  }

  @Test
  void tellsWhichIdsHaveLandedForTheTenant() {
    String id = UUID.randomUUID().toString();
    String missing = UUID.randomUUID().toString();
    land("school-c", id, "ACTIVITY", null, "{\"id\":\"" + id + "\"}");
    ClickHouseStatementStore store = new ClickHouseStatementStore(CLICKHOUSE.client(), CLICKHOUSE.database());

    assertThat(store.landed("school-c", List.of(id, missing))).containsExactly(id);
    assertThat(store.landed("school-d", List.of(id))).isEmpty();
  }
}
