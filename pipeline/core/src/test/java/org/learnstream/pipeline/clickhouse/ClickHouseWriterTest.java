package org.learnstream.pipeline.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.schemas.DeadLetter;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClickHouseWriterTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();

  private <T> ClickHouseWriter<T> writer(RowEncoder<T> encoder, int batchRows) {
    return new ClickHouseWriter<>(CLICKHOUSE.client(), CLICKHOUSE.database(), encoder,
        WriterSettings.defaults().withBatchRows(batchRows), deadLetters::add);
  }

  @Test
  void readsBackEveryLearningEventFieldExactlyAsWritten() throws Exception {
    List<LearningEvent> events = TestRows.learningEvents(250, 1);
    ClickHouseWriter<LearningEvent> writer = writer(new LearningEventEncoder(), 64);
    events.forEach(writer::write);
    writer.flush();

    assertThat(writer.inserts()).isEqualTo(4); // 3 full batches of 64 + the rest on flush
    List<Map<String, Object>> rows = ClickHouseQueries.rows(CLICKHOUSE.client(), "SELECT * EXCEPT_SCORE FROM x"
        .replace("* EXCEPT_SCORE", "statement_id, tenant, learner, kind, verb, object_id, object_type, activity_type, "
            + "skills, success, duration_ms, registration, course, section, voided_statement_id, timestamp, "
            + "timestamp_ms, stored, stored_ms, statement_json")
        .replace("FROM x", "FROM " + CLICKHOUSE.table("learning_events") + " ORDER BY statement_id"));
    List<Map<String, Object>> expected = events.stream().map(ClickHouseWriterTest::expectedRow)
        .sorted((a, b) -> ((String) a.get("statement_id")).compareTo((String) b.get("statement_id"))).toList();
    assertThat(rows).containsExactlyElementsOf(expected);

    Map<String, Double> scores = RowBinaryReads.keyedDoubles(CLICKHOUSE.client(),
        "SELECT statement_id, score_scaled FROM " + CLICKHOUSE.table("learning_events"));
    Map<String, Double> expectedScores = new LinkedHashMap<>();
    events.forEach(e -> expectedScores.put(e.getStatementId(), e.getScoreScaled()));
    assertThat(scores).containsExactlyInAnyOrderEntriesOf(expectedScores);
    assertThat(deadLetters).isEmpty();
  }

  @Test
  void timesEveryInsertedBatchOnceFromDispatchUntilItLanded() {
    List<Long> nanos = new CopyOnWriteArrayList<>();
    ClickHouseWriter<LearningEvent> writer = writer(new LearningEventEncoder(), 64);
    writer.timeInserts(nanos::add);
    TestRows.learningEvents(150, 31).forEach(writer::write);
    writer.flush();

    assertThat(nanos).hasSize((int) writer.inserts()).hasSize(3).allSatisfy(n -> assertThat(n).isPositive());
  }

  private static Map<String, Object> expectedRow(LearningEvent e) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("statement_id", e.getStatementId());
    row.put("tenant", e.getTenant());
    row.put("learner", e.getLearner());
    row.put("kind", e.getKind().name());
    row.put("verb", e.getVerb());
    row.put("object_id", e.getObjectId());
    row.put("object_type", e.getObjectType());
    row.put("activity_type", e.getActivityType());
    row.put("skills", e.getSkills());
    row.put("success", e.getSuccess() == null ? null : e.getSuccess() ? 1 : 0);
    row.put("duration_ms", e.getDurationMs() == null ? null : e.getDurationMs().toString());
    row.put("registration", e.getRegistration());
    row.put("course", e.getCourse());
    row.put("section", e.getSection());
    row.put("voided_statement_id", e.getVoidedStatementId());
    row.put("timestamp", SECONDS.format(e.getTimestamp()));
    row.put("timestamp_ms", Long.toString(e.getTimestamp().toEpochMilli()));
    row.put("stored", SECONDS.format(e.getStored()));
    row.put("stored_ms", Long.toString(e.getStored().toEpochMilli()));
    row.put("statement_json", e.getStatementJson());
    return row;
  }

  @Test
  void writingTheSameBatchTwiceLeavesNoDuplicatesUnderFinal() {
    List<LearningEvent> events = TestRows.learningEvents(100, 2);
    String table = CLICKHOUSE.table("learning_events");
    long before = ClickHouseQueries.countFinal(CLICKHOUSE.client(), table);
    ClickHouseWriter<LearningEvent> writer = writer(new LearningEventEncoder(), 1000);
    events.forEach(writer::write);
    writer.flush();
    events.forEach(writer::write);
    writer.flush();

    assertThat(writer.rowsWritten()).isEqualTo(200);
    assertThat(ClickHouseQueries.countFinal(CLICKHOUSE.client(), table) - before).isEqualTo(100);
  }

  @Test
  void masteryCurrentKeepsTheLatestUpdateWhateverTheInsertOrder() throws Exception {
    List<MasteryUpdate> updates = new ArrayList<>(TestRows.masteryUpdates("school-m", "learner-m", "fractions", 30, 3));
    List<MasteryUpdate> shuffled = new ArrayList<>(updates);
    Collections.shuffle(shuffled, new Random(3));
    ClickHouseWriter<MasteryUpdate> writer = writer(new MasteryUpdateEncoder(), 7);
    shuffled.forEach(writer::write);
    writer.flush();

    String where = " WHERE tenant = 'school-m'";
    assertThat(ClickHouseQueries.scalarLong(CLICKHOUSE.client(),
        "SELECT count() FROM " + CLICKHOUSE.table("mastery_updates") + " FINAL" + where)).isEqualTo(30);
    MasteryUpdate last = updates.get(updates.size() - 1);
    List<Map<String, Object>> current = ClickHouseQueries.rows(CLICKHOUSE.client(),
        "SELECT statement_id, sequence, attempts, correct_count, event_time_ms, first_mastered_at, model_version FROM "
            + CLICKHOUSE.table("mastery_current") + " FINAL" + where);
    assertThat(current).containsExactly(Map.of(
        "statement_id", last.getStatementId(), "sequence", last.getSequence(), "attempts", last.getAttempts(),
        "correct_count", last.getCorrectCount(), "event_time_ms", Long.toString(last.getEventTime().toEpochMilli()),
        "first_mastered_at", SECONDS.format(last.getFirstMasteredAt()), "model_version", "bkt:defaults"));
    Map<String, Double> pKnown = RowBinaryReads.keyedDoubles(CLICKHOUSE.client(),
        "SELECT statement_id, toNullable(p_known_after) FROM " + CLICKHOUSE.table("mastery_updates") + where);
    Map<String, Double> expected = new LinkedHashMap<>();
    updates.forEach(u -> expected.put(u.getStatementId(), u.getPKnownAfter()));
    assertThat(pKnown).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void storesDeadLetterPayloadBytesUntouched() {
    byte[] binary = {0, (byte) 0xFF, (byte) 0xC3, 0x28, '\n', '\t', 'x'};
    DeadLetter letter = DeadLetter.newBuilder().setId("dl-1").setOrigin("normalise").setTopic("xapi.statements")
        .setPartition(3).setOffset(42L).setTenant(null).setField("$.actor.mbox").setRule("ifi.exactly-one")
        .setReason("actor has two identifiers").setPayload(ByteBuffer.wrap(binary))
        .setReceivedAt(Instant.parse("2025-05-05T05:05:05.555Z")).build();
    ClickHouseWriter<DeadLetter> writer = writer(new DeadLetterEncoder(), 10);
    writer.write(letter);
    writer.flush();

    List<Map<String, Object>> rows = ClickHouseQueries.rows(CLICKHOUSE.client(), "SELECT origin, `topic`, `partition`, "
        + "`offset`, tenant, field, rule, hex(payload) AS payload_hex, received_at, received_at_ms FROM "
        + CLICKHOUSE.table("dead_letters") + " WHERE id = 'dl-1'");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("origin", "normalise");
    expected.put("topic", "xapi.statements");
    expected.put("partition", 3);
    expected.put("offset", "42");
    expected.put("tenant", null);
    expected.put("field", "$.actor.mbox");
    expected.put("rule", "ifi.exactly-one");
    expected.put("payload_hex", HexFormat.of().withUpperCase().formatHex(binary));
    expected.put("received_at", "2025-05-05 05:05:05");
    expected.put("received_at_ms", "1746421505555");
    assertThat(rows).containsExactly(expected);
  }

  @Test
  void refusedRowsGoToTheDeadLetterSinkWithTheServerReasonWhileTheOthersLand() {
    ClickHouseQueries.execute(CLICKHOUSE.client(), "CREATE TABLE " + CLICKHOUSE.table("guarded")
        + " (id String, n Int64, guard UInt8 MATERIALIZED throwIf(id LIKE 'poison%'))"
        + " ENGINE = MergeTree() ORDER BY id");
    ClickHouseWriter<GuardedRow> writer = writer(new GuardedRow.Encoder(), 1000);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String id = i == 17 || i == 63 ? "poison-" + i : "row-" + i;
      ids.add(id);
      writer.write(new GuardedRow(id, i));
    }
    writer.flush();

    assertThat(deadLetters).extracting(d -> new String(d.getPayload().array()))
        .containsExactlyInAnyOrder("GuardedRow[id=poison-17, n=17]", "GuardedRow[id=poison-63, n=63]");
    assertThat(deadLetters).allSatisfy(d -> {
      assertThat(d.getRule()).isEqualTo("clickhouse.rejected");
      assertThat(d.getReason()).contains(CLICKHOUSE.table("guarded")).contains("throwIf");
      assertThat(d.getOrigin()).isEqualTo("clickhouse-sink");
    });
    assertThat(writer.deadLettered()).isEqualTo(2);
    List<String> landed = ClickHouseQueries.rows(CLICKHOUSE.client(), "SELECT id FROM " + CLICKHOUSE.table("guarded")
        + " ORDER BY id").stream().map(r -> (String) r.get("id")).toList();
    assertThat(landed).containsExactlyInAnyOrderElementsOf(ids.stream().filter(id -> id.startsWith("row-")).toList());
  }

  @Test
  void aRowThatCannotBeEncodedIsDeadLetteredAndTheBatchStillLands() {
    List<MasteryUpdate> updates = TestRows.masteryUpdates("school-e", "learner-e", "algebra", 5, 4);
    updates.get(2).setEventTime(Instant.parse("1969-12-31T23:59:59Z"));
    ClickHouseWriter<MasteryUpdate> writer = writer(new MasteryUpdateEncoder(), 100);
    updates.forEach(writer::write);
    writer.flush();

    assertThat(deadLetters).singleElement().satisfies(d -> {
      assertThat(d.getRule()).isEqualTo("clickhouse.encode");
      assertThat(d.getReason()).contains("outside the DateTime range");
      assertThat(d.getTenant()).isEqualTo("school-e");
    });
    assertThat(ClickHouseQueries.count(CLICKHOUSE.client(), CLICKHOUSE.table("mastery_updates")
        + " WHERE tenant = 'school-e'")).isEqualTo(4);
  }

  @Test
  void anUnknownTableFailsLoudlyInsteadOfDeadLetteringEveryRow() {
    ClickHouseWriter<LearningEvent> writer = new ClickHouseWriter<>(CLICKHOUSE.client(),
        CLICKHOUSE.database() + "_missing",
        new LearningEventEncoder(), WriterSettings.defaults(), deadLetters::add);
    TestRows.learningEvents(3, 5).forEach(writer::write);

    assertThatThrownBy(writer::flush).isInstanceOf(ClickHouseWriteException.class)
        .hasMessageContaining("retrying will not help")
        .hasMessageContaining("schema migrations");
    assertThat(deadLetters).isEmpty();
  }
}
