package org.learnstream.jobs.cli;

import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.time.Clock;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.learnstream.jobs.ingest.ActorKey;
import org.learnstream.jobs.ingest.documents.DocumentStore;
import org.learnstream.jobs.ingest.documents.DocumentResource;
import org.learnstream.jobs.ingest.documents.DocumentDatabase;
import org.learnstream.jobs.ingest.documents.DocumentAddress;
import org.learnstream.jobs.ingest.documents.DocumentRecordTransactions;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.Pseudonymizer;
import java.security.SecureRandom;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.pipeline.testing.KafkaExtension;

/**
 * {@code learnstream retention} on a real broker and a private ClickHouse server: a 30-day window on a cohort
 * spanning 90 days. Kafka removal is checked by offsets and by reading what is left (the run deletes records by
 * {@code deleteRecords} up to the first one inside the window, so no segment size matters); statements the
 * pipeline's consumer group has not read are kept.
 */
class RetentionCommandTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  private static final String PREFIX = "retention-" + UUID.randomUUID().toString().substring(0, 8) + ".";
  private static final Duration WINDOW = Duration.ofDays(30);
  private static final List<String> TOPICS = List.of(PREFIX + "xapi.statements", PREFIX + "learning.events");
  private static final String GROUP = "retention-test-" + UUID.randomUUID();
  /** How far the pipeline has read the statements: the 20 oldest records past the window after it are unread. */
  private static final long READ = 100;

  @Test
  void aThirtyDayWindowOnANinetyDayCohortRemovesExactlyWhatIsOlderAndRecordsWhatWent() throws Exception {
    Client client = CLICKHOUSE.client();
    String db = CLICKHOUSE.database();
    Instant now = Instant.now();
    RetentionCohort.insert(client, db, "school-a", now);
    for (String topic : TOPICS) {
      KAFKA.createTopic(topic, 1, Map.of("retention.ms", "-1"));
      RetentionCohort.produce(KAFKA.producerProps(), topic, now);
    }
    Map<String, String> expired = expiredRows(now.minus(WINDOW));
    Map<String, long[]> before = counts(expired);
    before.forEach((table, oldAndNew) -> assertThat(oldAndNew).as(table).doesNotContain(0L));
    long expiredRecords = RetentionCohort.DAYS * RetentionCohort.PER_DAY - 30 * RetentionCohort.PER_DAY;
    long removedRecords = READ + expiredRecords;
    try (Admin admin = Admin.create(adminProps())) {
      admin.alterConsumerGroupOffsets(GROUP, Map.of(new TopicPartition(TOPICS.get(0), 0), new OffsetAndMetadata(READ)))
          .all().get();
    }

    CliResult dryRun = run("retention", "--dry-run");

    assertThat(dryRun.code()).as(dryRun.err()).isZero();
    assertThat(counts(expired)).usingRecursiveComparison().isEqualTo(before);
    assertThat(firstOffsets()).containsOnly(0L);
    assertThat(dryRun.out()).contains("would remove: kafka_records=" + removedRecords + " ");

    CliResult removed = run("retention");

    assertThat(removed.code()).as(removed.err()).isZero();
    Map<String, long[]> after = counts(expired);
    before.forEach((table, oldAndNew) -> {
      assertThat(after.get(table)[0]).as("expired rows left in " + table).isZero();
      assertThat(after.get(table)[1]).as("rows inside the window in " + table).isEqualTo(oldAndNew[1]);
      assertThat(removedRows(removed.out(), table)).as("rows reported removed from " + table)
          .isEqualTo(oldAndNew[0]);
    });
    YearMonth firstKept = YearMonth.from(now.minus(WINDOW).atZone(ZoneOffset.UTC));
    // learning_events is partitioned by month and learner bucket: each bucket of a month goes as a partition
    assertThat(removed.out()).contains("table=" + db + ".learning_events scope=\"partition ("
        + firstKept.minusMonths(1).toString().replace("-", "") + ",");
    assertThat(ClickHouseQueries.scalarLong(client, "SELECT count() FROM system.parts WHERE active AND database = '"
        + db + "' AND table = 'learning_events' AND toUInt32(substring(partition_id, 1, 6)) < "
        + firstKept.toString().replace("-", ""))).isZero();
    assertThat(firstOffsets()).containsExactly(READ, expiredRecords);
    List<ConsumerRecord<byte[], byte[]>> events = KAFKA.readAll(TOPICS.get(1), 30 * RetentionCohort.PER_DAY,
        Duration.ofSeconds(30));
    assertThat(events).hasSize(30 * RetentionCohort.PER_DAY)
        .allSatisfy(r -> assertThat(r.timestamp()).isGreaterThanOrEqualTo(now.minus(WINDOW).toEpochMilli()));
    List<ConsumerRecord<byte[], byte[]>> statements = KAFKA.readAll(TOPICS.get(0), 80, Duration.ofSeconds(30));
    assertThat(statements).hasSize(80).filteredOn(r -> r.timestamp() < now.minus(WINDOW).toEpochMilli())
        .as("expired statements the pipeline has not read").hasSize((int) (expiredRecords - READ));
    assertThat(removed.out()).contains("keeping store=kafka topic=" + TOPICS.get(0) + " partition=0 records="
        + (expiredRecords - READ) + " ");
    for (String topic : TOPICS) {
      assertThat(retentionMs(topic)).isEqualTo(String.valueOf(WINDOW.toMillis()));
    }
    String summary = "kafka_records=" + removedRecords + " clickhouse_rows=";
    assertThat(removed.out()).contains("removed: " + summary);
    assertThat(between(dryRun.out(), summary)).isEqualTo(between(removed.out(), summary));
    assertThat(ClickHouseQueries.scalarLong(client, "SELECT sum(rows) FROM " + db + ".retention_runs WHERE target = '"
        + db + ".learning_events'")).isEqualTo(before.get("learning_events")[0]);
    assertThat(ClickHouseQueries.scalarLong(client, "SELECT sum(rows) FROM " + db + ".retention_runs WHERE store = "
        + "'kafka'")).isEqualTo(removedRecords);
  }

  @Test
  void theLearnersDocumentsAndRecordsNotUsedWithinTheWindowAreRemovedAndRecorded(@TempDir Path dataDir)
      throws Exception {
    Instant now = Instant.now();
    DocumentAddress anasState = address(DocumentResource.STATE, "{\"mbox\":\"mailto:ana@school.example\"}");
    DocumentAddress anasProfile = address(DocumentResource.AGENT_PROFILE, "{\"mbox\":\"mailto:ana@school.example\"}");
    DocumentAddress bensState = address(DocumentResource.STATE, "{\"mbox\":\"mailto:ben@school.example\"}");
    DocumentAddress course = new DocumentAddress("school-docs", DocumentResource.ACTIVITY_PROFILE,
        "https://lms.example/course", null, null);
    try (DocumentDatabase documents = DocumentDatabase.embedded(dataDir.resolve("documents"), 1)) {
      DocumentStore sixtyDaysAgo = new DocumentStore(documents, Clock.fixed(now.minus(Duration.ofDays(60)),
          ZoneOffset.UTC));
      DocumentStore twoDaysAgo = new DocumentStore(documents, Clock.fixed(now.minus(Duration.ofDays(2)),
          ZoneOffset.UTC));
      for (DocumentAddress old : List.of(anasState, anasProfile, course)) {
        sixtyDaysAgo.change(old, "doc", existing -> new DocumentStore.Store("{}".getBytes(), "application/json"));
      }
      twoDaysAgo.change(bensState, "doc", existing -> new DocumentStore.Store("{}".getBytes(), "application/json"));
      LearnerRecordStore recordsThen = records(documents, now.minus(Duration.ofDays(60)));
      recordsThen.resolve("school-docs", ANA);
      recordsThen.resolve("school-docs", CLEO);
      recordsThen.erase("school-docs", CLEO);
      records(documents, now.minus(Duration.ofDays(2))).resolve("school-docs", BEN);
    }
    Map<String, String> environment = new HashMap<>(environment());
    environment.put("LEARNSTREAM_RUNTIME_DATA_DIR", dataDir.toString());

    CliResult dryRun = CliResult.run(environment, "retention", "--dry-run");
    CliResult removed = CliResult.run(environment, "retention");

    assertThat(dryRun.code()).as(dryRun.err()).isZero();
    String removedHere = " xapi_documents=2 xapi_attachments=0 learner_records=1 erased_learner_lookups=1";
    assertThat(dryRun.out()).contains("would remove store=documents table=xapi_documents tenant=school-docs rows=2 ")
        .contains(removedHere + " (dry run");
    assertThat(removed.code()).as(removed.err()).isZero();
    assertThat(removed.out()).contains("removing store=documents table=xapi_documents tenant=school-docs rows=2 ")
        .contains("removing store=documents table=learner_records tenant=school-docs rows=1 ")
        .contains("removing store=documents table=erased_learner_lookups tenant=school-docs rows=1 ")
        .contains(removedHere + " run_id=");
    try (DocumentDatabase documents = DocumentDatabase.embedded(dataDir.resolve("documents"), 1)) {
      DocumentStore store = new DocumentStore(documents, Clock.systemUTC());
      assertThat(store.find(anasState, "doc")).isEmpty();
      assertThat(store.find(anasProfile, "doc")).isEmpty();
      assertThat(store.find(bensState, "doc")).as("written inside the window").isPresent();
      assertThat(store.find(course, "doc")).as("an activity's profile, no learner's").isPresent();
      LearnerRecordStore records = records(documents, now);
      assertThat(records.find("school-docs", ANA)).as("not used for 60 days").isEmpty();
      assertThat(records.find("school-docs", BEN)).as("used two days ago").isPresent();
      assertThat(records.resolveAsOf("school-docs", CLEO, now.minus(Duration.ofDays(61)).toEpochMilli()))
          .as("dated before an erasure whose memo is past the window").isPresent();
    }
    assertThat(ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT sum(rows) FROM " + CLICKHOUSE.database()
        + ".retention_runs WHERE store = 'documents' AND scope = 'tenant school-docs'")).isEqualTo(4);
  }

  private static final String ANA = ActorIdentifier.mbox("mailto:ana@school.example").canonical();
  private static final String BEN = ActorIdentifier.mbox("mailto:ben@school.example").canonical();
  private static final String CLEO = ActorIdentifier.mbox("mailto:cleo@school.example").canonical();

  /** The learner records as a process whose clock reads {@code now} uses them. */
  private static LearnerRecordStore records(DocumentDatabase documents, Instant now) {
    return new LearnerRecordStore(new DocumentRecordTransactions(documents), Pseudonymizer.unkeyed(),
        new SecureRandom(), Clock.fixed(now, ZoneOffset.UTC), 0, Duration.ZERO);
  }

  private static DocumentAddress address(DocumentResource resource, String agent) throws Exception {
    return new DocumentAddress("school-docs", resource, resource == DocumentResource.STATE
        ? "https://lms.example/course"
        : null, ActorKey.identifier(new ObjectMapper().readTree(agent)), null);
  }

  @Test
  void aMalformedTenantWindowStopsTheRunNamingTheSettingAndChangesNothing() {
    long rows = ClickHouseQueries.count(CLICKHOUSE.client(), CLICKHOUSE.table("learning_events"));
    Map<String, String> environment = new HashMap<>(environment());
    environment.put("LEARNSTREAM_RETENTION_TENANT_EVENTS", "school-a=forever");

    CliResult refused = CliResult.run(environment, "retention");

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("retention.tenant-events").contains("tenant=duration pairs");
    assertThat(ClickHouseQueries.count(CLICKHOUSE.client(), CLICKHOUSE.table("learning_events"))).isEqualTo(rows);
  }

  @Test
  void aDatabaseWithoutTheRetentionRecordIsRefusedBeforeAnythingIsRemoved() {
    Map<String, String> environment = new HashMap<>(environment());
    environment.put("LEARNSTREAM_CLICKHOUSE_DATABASE", "not_migrated");

    CliResult refused = CliResult.run(environment, "retention");

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("database not_migrated").contains("has no table retention_runs")
        .contains("learnstream migrate");
    assertThat(refused.out()).doesNotContain("removing");
  }

  /** Per table checked, the condition of rows dated before the cutoff, in the table's own time column. */
  private static Map<String, String> expiredRows(Instant cutoff) {
    String seconds = "toDateTime(" + cutoff.getEpochSecond() + ")";
    Map<String, String> expired = new LinkedHashMap<>();
    expired.put("learning_events", "timestamp < " + seconds);
    expired.put("mastery_updates", "event_time < " + seconds);
    expired.put("mastery_current", "event_time < " + seconds);
    expired.put("statement_timeline", "stored_ms < " + cutoff.toEpochMilli());
    expired.put("statement_ids", "stored_ms < " + cutoff.toEpochMilli());
    expired.put("learner_daily", "day < toDate('" + LocalDate.ofInstant(cutoff, ZoneOffset.UTC) + "')");
    expired.put("alerts", "raised_at < " + seconds);
    expired.put("dead_letters", "received_at < " + seconds);
    return expired;
  }

  /** Per table: rows before the cutoff, rows at or after it. */
  private static Map<String, long[]> counts(Map<String, String> expired) {
    Map<String, long[]> counts = new LinkedHashMap<>();
    expired.forEach((table, old) -> counts.put(table, new long[] {
        RetentionCohort.count(CLICKHOUSE.client(), CLICKHOUSE.database(), table, old),
        RetentionCohort.count(CLICKHOUSE.client(), CLICKHOUSE.database(), table, "NOT (" + old + ")")}));
    return counts;
  }

  /** The rows the output reports removed from {@code table} of the shared database, over all its steps. */
  private static long removedRows(String out, String table) {
    Matcher m = Pattern.compile("removing store=clickhouse table=" + Pattern.quote(CLICKHOUSE.database() + "."
        + table) + " scope=\"[^\"]*\" rows=(\\d+)").matcher(out);
    long rows = 0;
    while (m.find()) {
      rows += Long.parseLong(m.group(1));
    }
    return rows;
  }

  private static String between(String out, String start) {
    int from = out.indexOf(start);
    assertThat(from).as("%s in:%n%s", start, out).isNotNegative();
    return out.substring(from + start.length()).split("\\s", 2)[0];
  }

  /** The first offset of each of {@link #TOPICS}, in that order. */
  private static List<Long> firstOffsets() throws Exception {
    try (Admin admin = Admin.create(adminProps())) {
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      TOPICS.forEach(t -> earliest.put(new TopicPartition(t, 0), OffsetSpec.earliest()));
      var offsets = admin.listOffsets(earliest).all().get();
      return TOPICS.stream().map(t -> offsets.get(new TopicPartition(t, 0)).offset()).toList();
    }
  }

  private static String retentionMs(String topic) throws Exception {
    try (Admin admin = Admin.create(adminProps())) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      return admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value();
    }
  }

  private static Properties adminProps() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    return props;
  }

  private static Map<String, String> environment() {
    return Map.of(
        "LEARNSTREAM_CLICKHOUSE_URL", CLICKHOUSE.endpoint().url(),
        "LEARNSTREAM_CLICKHOUSE_USER", CLICKHOUSE.endpoint().user(),
        "LEARNSTREAM_CLICKHOUSE_DATABASE", CLICKHOUSE.database(),
        "LEARNSTREAM_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
        "LEARNSTREAM_KAFKA_TOPIC_PREFIX", PREFIX,
        "LEARNSTREAM_KAFKA_GROUP_ID", GROUP,
        "LEARNSTREAM_RETENTION_STATEMENTS", "30 d",
        "LEARNSTREAM_RETENTION_EVENTS", "30 d");
  }

  private static CliResult run(String... args) {
    return CliResult.run(environment(), args);
  }
}
