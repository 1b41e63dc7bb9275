package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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
    land(tenant, id, kind, voidedId, "http://adlnet.gov/expapi/verbs/answered", 1772359201000L, json);
  }

  private static void land(String tenant, String id, String kind, String voidedId, String verb, long storedMs,
      String json) {
    land(tenant, id, kind, voidedId, verb, storedMs, voidedId == null ? "Activity" : "StatementRef",
        voidedId == null ? "http://o/1" : voidedId, json);
  }

  private static void land(String tenant, String id, String kind, String voidedId, String verb, long storedMs,
      String objectType, String objectId, String json) {
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("learning_events")
        + " (statement_id, tenant, learner, kind, verb, object_id, object_type, skills, voided_statement_id,"
        + " timestamp, timestamp_ms, stored, stored_ms, statement_json) VALUES ("
        + String.join(",", ClickHouseQueries.quote(id), ClickHouseQueries.quote(tenant), "'learner-1'",
            ClickHouseQueries.quote(kind), ClickHouseQueries.quote(verb), ClickHouseQueries.quote(objectId),
            ClickHouseQueries.quote(objectType), "[]",
            voidedId == null ? "NULL" : ClickHouseQueries.quote(voidedId),
            "toDateTime('2026-03-01 10:00:00', 'UTC')", "1772359200000", "toDateTime(" + storedMs / 1000 + ", 'UTC')",
            Long.toString(storedMs), ClickHouseQueries.quote(json))
        + ")");
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
  void aVoidingStatementThatALaterOneTargetsStaysReadableAndInQueriesAndWhatItVoidedStaysVoided() {
    String tenant = "school-void-twice";
    String id = "00000001-0000-4000-8000-00000000000a";
    String voiding = "00000002-0000-4000-8000-00000000000a";
    String voidingTheVoiding = "00000003-0000-4000-8000-00000000000a";
    land(tenant, id, "RESPONSE", null, "{\"id\":\"" + id + "\"}");
    land(tenant, voiding, "VOIDING", id, "http://adlnet.gov/expapi/verbs/voided", 1772359202000L,
        "{\"id\":\"" + voiding + "\"}");
    land(tenant, voidingTheVoiding, "VOIDING", voiding, "http://adlnet.gov/expapi/verbs/voided", 1772359203000L,
        "{\"id\":\"" + voidingTheVoiding + "\"}");
    ClickHouseStatementStore store = new ClickHouseStatementStore(CLICKHOUSE.client(), CLICKHOUSE.database());

    assertThat(store.isVoided(tenant, voiding)).as("a voiding statement cannot be voided").isFalse();
    assertThat(store.isVoided(tenant, id)).isTrue();
    assertThat(store.voided(tenant, List.of(id, voiding, voidingTheVoiding))).containsExactly(id);
    assertThat(ids(store.query(tenant, query(Map.of())))).containsExactly(voidingTheVoiding, voiding);
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

  @Test
  void tellsWhichIdsWereErasedWithALearnerForTheTenant() {
    String erased = UUID.randomUUID().toString();
    String kept = UUID.randomUUID().toString();
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("erased_statements")
        + " (tenant, statement_id, erasure_id, erased_at_ms) VALUES ('school-e', '" + erased + "', 'erasure-1', 1)");
    ClickHouseStatementStore store = new ClickHouseStatementStore(CLICKHOUSE.client(), CLICKHOUSE.database());

    assertThat(store.erased("school-e", List.of(erased, kept))).containsExactly(erased);
    assertThat(store.erased("school-f", List.of(erased))).as("another school's").isEmpty();
  }

  @Test
  void answersTheStoredStatementsAndTheErasedIdsOfARequestInOneRead() {
    String landed = UUID.randomUUID().toString();
    String erased = UUID.randomUUID().toString();
    String unknown = UUID.randomUUID().toString();
    land("school-g", landed, "ACTIVITY", null, "{\"id\":\"" + landed + "\",\"verb\":{\"id\":\"http://v/x\"}}");
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("erased_statements")
        + " (tenant, statement_id, erasure_id, erased_at_ms) VALUES ('school-g', '" + erased + "', 'erasure-2', 1)");
    ClickHouseStatementStore store = new ClickHouseStatementStore(CLICKHOUSE.client(), CLICKHOUSE.database());

    StatementStore.KnownIds known = store.known("school-g", List.of(landed, erased, unknown),
        List.of(landed, erased, unknown));

    assertThat(known.stored()).containsOnlyKeys(landed);
    assertThat(known.stored().get(landed).at("/verb/id").asText()).isEqualTo("http://v/x");
    assertThat(known.erased()).containsExactly(erased);
    assertThat(store.known("school-g", List.of(), List.of(erased)).erased()).as("no unknown ids: one read of erasures")
        .containsExactly(erased);
  }

  private static String statement(String id, String actorMbox, String contextParent) {
    return "{\"id\":\"" + id + "\",\"actor\":{\"mbox\":\"mailto:" + actorMbox + "\"},"
        + "\"verb\":{\"id\":\"http://v/x\"},\"object\":{\"id\":\"http://o/1\"}"
        + (contextParent == null
            ? ""
            : ",\"context\":{\"contextActivities\":{\"parent\":[{\"id\":\""
                + contextParent + "\"}]}}")
        + "}";
  }

  private static StatementQuery query(Map<String, String> parameters) {
    return ((StatementQuery.Valid) StatementQuery.parse(parameters)).query();
  }

  private static List<String> ids(StatementPage page) {
    return page.statements().stream().map(s -> s.path("id").asText()).toList();
  }

  @Test
  void queriesPageThroughTheMatchingStatementsNewestFirstLeaveVoidedOnesOutAndKeepTheirVoidingStatements() {
    String tenant = "school-q";
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = "0000000" + i + "-0000-4000-8000-000000000000";
      ids.add(id);
      land(tenant, id, "RESPONSE", null, "http://v/x", 1772359200000L + i * 1000,
          statement(id, i % 2 == 0 ? "ana@x.org" : "bo@x.org", i == 3 ? "http://course/1" : null));
    }
    String voiding = "00000009-0000-4000-8000-000000000000";
    land(tenant, voiding, "VOIDING", ids.get(4), "http://adlnet.gov/expapi/verbs/voided", 1772359300000L,
        "{\"id\":\"" + voiding + "\",\"actor\":{\"mbox\":\"mailto:ana@x.org\"}}");
    ClickHouseStatementStore store = new ClickHouseStatementStore(CLICKHOUSE.client(), CLICKHOUSE.database());

    // the voiding statement matches the verb through the statement it refers to, which is itself left out
    StatementPage first = store.query(tenant, query(Map.of("verb", "http://v/x", "limit", "2")));
    assertThat(ids(first)).containsExactly(voiding, ids.get(3));
    assertThat(first.more()).startsWith("/xapi/statements?").contains("cursor=");
    Map<String, String> next = new java.util.HashMap<>(Map.of("verb", "http://v/x", "limit", "2"));
    next.put("cursor", java.net.URLDecoder.decode(first.more().replaceAll(".*cursor=([^&]*).*", "$1"),
        java.nio.charset.StandardCharsets.UTF_8));
    StatementPage second = store.query(tenant, query(next));
    assertThat(ids(second)).containsExactly(ids.get(2), ids.get(1));

    assertThat(ids(store.query(tenant, query(Map.of("agent", "{\"mbox\":\"mailto:ana@x.org\"}",
        "ascending", "true"))))).containsExactly(ids.get(0), ids.get(2), voiding);
    assertThat(ids(store.query(tenant, query(Map.of("activity", "http://course/1"))))).isEmpty();
    assertThat(ids(store.query(tenant, query(Map.of("activity", "http://course/1", "related_activities", "true")))))
        .containsExactly(ids.get(3));
    assertThat(ids(store.query(tenant, query(Map.of("since", "2026-03-01T10:00:00.500Z", "until",
        "2026-03-01T10:00:02Z"))))).containsExactly(ids.get(2), ids.get(1));
    assertThat(store.query(tenant, query(Map.of("verb", "http://v/x"))).more()).isEmpty();
  }

  /** Every statement the query's pages hold, following each more link to the end. */
  private static List<String> allPages(ClickHouseStatementStore store, String tenant, Map<String, String> parameters) {
    List<String> out = new java.util.ArrayList<>();
    Map<String, String> next = new java.util.HashMap<>(parameters);
    for (int page = 0; page < 100; page++) {
      StatementPage answer = store.query(tenant, query(next));
      out.addAll(ids(answer));
      if (answer.more().isEmpty()) {
        return out;
      }
      next.put("cursor", java.net.URLDecoder.decode(answer.more().replaceAll(".*cursor=([^&]*).*", "$1"),
          java.nio.charset.StandardCharsets.UTF_8));
    }
    throw new AssertionError("more links did not end after 100 pages: " + out);
  }

  @Test
  void pagesRunThroughStatementsStoredMinutesHoursDaysAndAYearAgoInStoredOrderWithoutGapsOrRepeats() {
    String tenant = "school-w";
    long now = System.currentTimeMillis();
    // two statements at each stored time (ties are ordered by id), from a clock a minute ahead to a year ago
    long[] agoMillis = {-60_000L, 60_000L, 1_800_000L, 7_200_000L, 72_000_000L, 432_000_000L, 3_456_000_000L,
        34_560_000_000L};
    java.util.TreeMap<String, String> byStoredThenId = new java.util.TreeMap<>();
    for (int i = 0; i < agoMillis.length; i++) {
      for (int twin = 0; twin < 2; twin++) {
        String id = String.format("%08d-0000-4000-8000-00000000000%d", i, twin);
        long stored = now - agoMillis[i];
        land(tenant, id, "ACTIVITY", null, "http://v/x", stored, statement(id, "ana@x.org", null));
        byStoredThenId.put(String.format("%015d_%s", stored, id), id);
      }
    }
    ClickHouseStatementStore store = new ClickHouseStatementStore(CLICKHOUSE.client(), CLICKHOUSE.database());
    List<String> oldestFirst = List.copyOf(byStoredThenId.values());
    List<String> newestFirst = new java.util.ArrayList<>(oldestFirst);
    java.util.Collections.reverse(newestFirst);

    assertThat(allPages(store, tenant, Map.of("limit", "3"))).containsExactlyElementsOf(newestFirst);
    assertThat(allPages(store, tenant, Map.of("limit", "3", "ascending", "true")))
        .containsExactlyElementsOf(oldestFirst);
    String since = java.time.Instant.ofEpochMilli(now - 500L * 86_400_000L).toString();
    assertThat(allPages(store, tenant, Map.of("limit", "5", "ascending", "true", "since", since)))
        .containsExactlyElementsOf(oldestFirst);
    String until = java.time.Instant.ofEpochMilli(now - 3_600_000L).toString();
    assertThat(allPages(store, tenant, Map.of("limit", "2", "until", until)))
        .containsExactlyElementsOf(newestFirst.subList(6, 16));
  }

  @Test
  void aRecentStatementReferringToAYearOldOneMatchesTheFiltersThatTheOldOneMatches() {
    String tenant = "school-r";
    long now = System.currentTimeMillis();
    String old = UUID.randomUUID().toString();
    String referring = UUID.randomUUID().toString();
    land(tenant, old, "RESPONSE", null, "http://v/rare", now - 31_536_000_000L, statement(old, "ana@x.org", null));
    land(tenant, referring, "ACTIVITY", null, "http://v/commented", now - 60_000L, "StatementRef", old,
        "{\"id\":\"" + referring + "\"}");
    ClickHouseStatementStore store = new ClickHouseStatementStore(CLICKHOUSE.client(), CLICKHOUSE.database());

    assertThat(allPages(store, tenant, Map.of("verb", "http://v/rare", "limit", "1"))).containsExactly(referring, old);
    assertThat(store.isVoided(tenant, old)).isFalse();
  }

  @Test
  void agentFiltersReadTheStatementsNamingTheAgentAndDecideOnTheirJson() {
    String tenant = "school-g";
    String byAccount = "0000000a-0000-4000-8000-000000000000";
    String otherHomePage = "0000000b-0000-4000-8000-000000000000";
    String taught = "0000000c-0000-4000-8000-000000000000";
    String unrelated = "0000000d-0000-4000-8000-000000000000";
    land(tenant, byAccount, "ACTIVITY", null, "http://v/x", 1772359201000L, "{\"id\":\"" + byAccount
        + "\",\"actor\":{\"account\":{\"homePage\":\"https://lms.a\",\"name\":\"Ana \\\"A\\\"\"}}}");
    land(tenant, otherHomePage, "ACTIVITY", null, "http://v/x", 1772359202000L, "{\"id\":\"" + otherHomePage
        + "\",\"actor\":{\"account\":{\"name\":\"Ana \\\"A\\\"\",\"homePage\":\"https://lms.b\"}}}");
    land(tenant, taught, "ACTIVITY", null, "http://v/x", 1772359203000L, "{\"id\":\"" + taught
        + "\",\"actor\":{\"mbox\":\"mailto:bo@x.org\"},\"context\":{\"instructor\":{\"mbox\":\"mailto:Teacher@X.org\"}}}");
    land(tenant, unrelated, "ACTIVITY", null, "http://v/x", 1772359204000L, statement(unrelated, "cy@x.org", null));
    ClickHouseStatementStore store = new ClickHouseStatementStore(CLICKHOUSE.client(), CLICKHOUSE.database());

    String ana = "{\"account\":{\"homePage\":\"https://lms.a\",\"name\":\"Ana \\\"A\\\"\"}}";
    assertThat(ids(store.query(tenant, query(Map.of("agent", ana))))).containsExactly(byAccount);
    String teacher = "{\"mbox\":\"mailto:teacher@x.org\"}";
    assertThat(ids(store.query(tenant, query(Map.of("agent", teacher))))).isEmpty();
    assertThat(ids(store.query(tenant, query(Map.of("agent", teacher, "related_agents", "true")))))
        .containsExactly(taught);
    assertThat(ids(store.query(tenant, query(Map.of("agent", "{\"mbox\":\"mailto:BO@x.org\"}", "verb",
        "http://v/x"))))).containsExactly(taught);
  }

  @Test
  void findsStatementsThePipelineSetAsideAsDeadLetters() {
    String refused = UUID.randomUUID().toString();
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("dead_letters")
        + " (id, origin, tenant, field, rule, reason, payload, received_at, received_at_ms) VALUES ('dl-1', 'normalise',"
        + " 'school-e', '$.timestamp', 'timestamp.future', 'too far ahead', "
        + ClickHouseQueries.quote("{\"id\":\"" + refused + "\"}") + ", toDateTime(1772359200, 'UTC'), 1772359200000)");
    ClickHouseStatementStore store = new ClickHouseStatementStore(CLICKHOUSE.client(), CLICKHOUSE.database());

    assertThat(store.deadLettered("school-e", List.of(refused, UUID.randomUUID().toString()))).containsExactly(refused);
    assertThat(store.deadLettered("school-f", List.of(refused))).isEmpty();
  }
}
