package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.ingest.documents.DocumentDatabase;
import org.learnstream.jobs.ingest.documents.DocumentLimits;
import org.learnstream.jobs.ingest.documents.DocumentResources;
import org.learnstream.jobs.pipeline.PipelineJob;
import org.learnstream.jobs.pipeline.Pseudonyms;
import org.learnstream.jobs.pipeline.TestPipelineRuns;
import org.learnstream.jobs.replay.Replay;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.jobs.testing.EndToEndTestBase;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.kafka.AvroCodec;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.records.LearnerSeal;
import org.learnstream.pipeline.records.SealException;
import org.learnstream.pipeline.records.SealedEvents;
import org.learnstream.pipeline.records.SealedStatements;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.schemas.LearningEvent;

/**
 * The raw topic sealed, on the real broker, the job on Flink's MiniCluster and ClickHouse: what the endpoint accepts
 * lands normalised while {@code xapi.statements} and the event log {@code learning.events} hold no address, name or
 * statement text of the learner, and once the learner's records are erased their statements there open no more and
 * a replay leaves their events out. A statement written to the topic in the clear reaches the log sealed by the job.
 */
class SealedStatementsITCase extends EndToEndTestBase {

  private static final Duration LANDING = Duration.ofSeconds(90);
  private static final String DEMO = "Basic "
      + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
  private static final String ADDRESS = "ana.lima@school.example";
  private static final String NAME = "Ana Lima";
  private static final String ESSAY = "Photosynthesis turns light into sugar";
  private static final String OTHER_ADDRESS = "bruno.costa@school.example";
  private static final String OTHER_NAME = "Bruno Costa";
  private static final AvroCodec<LearningEvent> EVENTS = AvroCodec.of(LearningEvent.class);

  @Test
  void aPostedStatementLandsWhileTheRawTopicHoldsItSealedAndAfterTheErasureItOpensNoMore(@TempDir Path dataDir)
      throws Exception {
    String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "seal");
    String topic = prefix + Topics.XAPI_STATEMENTS;
    JobClient job = startJob(prefix, dataDir);
    try (Endpoint endpoint = Endpoint.start(prefix, dataDir)) {
      IngestServer server = endpoint.server();
      LearnerRecordStore records = endpoint.documents().records().orElseThrow();
      String first = UUID.randomUUID().toString();
      post(server, statement(first));
      awaitCount("learning_events FINAL WHERE tenant = 'demo' AND statement_id = '" + first + "'", 1);

      List<ConsumerRecord<byte[], byte[]>> raw = readAll(topic, 1);
      ConsumerRecord<byte[], byte[]> sealed = raw.get(0);
      assertThat(text(sealed.value())).doesNotContain(ADDRESS).doesNotContain(NAME).doesNotContain(first);
      assertThat(text(sealed.key())).startsWith("demo|record:").doesNotContain(ADDRESS);
      LearnerRecord record = records.resolve("demo", canonical());
      assertThat(SealedStatements.recordOf(sealed.headers())).isEqualTo(record.id().toString());
      assertThat(LearnerSeal.recordIdOf(sealed.value())).isEqualTo(record.id());
      assertThat(text(new LearnerSeal().open(record, SealedStatements.PURPOSE, sealed.value()))).contains(ADDRESS,
          NAME, first);

      // one altered in transit is a dead letter that keeps the sealed bytes; a clear statement behind it on its
      // partition shows that the job has read past it
      byte[] altered = sealed.value().clone();
      altered[altered.length - 1] ^= 0x01;
      String afterAltered = UUID.randomUUID().toString();
      produce(topic, sealed.key(), altered, record.id(), clear(afterAltered));
      awaitCount("learning_events FINAL WHERE statement_id = '" + afterAltered + "'", 1);
      awaitCount("dead_letters FINAL WHERE topic = '" + topic + "' AND rule = 'sealed.not_authentic'", 1);

      // one sealed under a record erased before the job ever saw it is dropped, not a dead letter
      String ghostAddress = "mailto:ghost@school.example";
      LearnerRecord ghost = records.resolve("demo", ActorIdentifier.mbox(ghostAddress).canonical());
      String ghostStatement = UUID.randomUUID().toString();
      byte[] sealedGhost = new LearnerSeal().seal(ghost, SealedStatements.PURPOSE,
          statement(ghostStatement).replace(ADDRESS, "ghost@school.example").getBytes(StandardCharsets.UTF_8));
      assertThat(records.erasePerson("demo", ActorIdentifier.mbox(ghostAddress))).hasSize(1);
      String afterGhost = UUID.randomUUID().toString();
      byte[] ghostKey = SealedStatements.key(ghost).getBytes(StandardCharsets.UTF_8);
      produce(topic, ghostKey, sealedGhost, ghost.id(), clear(afterGhost));
      awaitCount("learning_events FINAL WHERE statement_id = '" + afterGhost + "'", 1);
      assertThat(count("learning_events FINAL WHERE statement_id = '" + ghostStatement + "'")).isZero();
      assertThat(count("dead_letters FINAL WHERE topic = '" + topic + "'")).isEqualTo(1);
      assertThat(count("dead_letters FINAL WHERE topic = '" + topic + "' AND payload LIKE '%" + ADDRESS + "%'"))
          .isZero();

      // the learner's erasure deletes their record first: their statement on the topic opens no more
      assertThat(records.erasePerson("demo", ActorIdentifier.mbox("mailto:" + ADDRESS))).hasSize(1);
      assertThat(reasonOpening(dataDir, sealed.value())).isEqualTo(SealException.Reason.RECORD_ERASED);

      String later = UUID.randomUUID().toString();
      post(server, statement(later));
      awaitCount("learning_events FINAL WHERE tenant = 'demo' AND statement_id = '" + later + "'", 1);
      LearnerRecord fresh = records.find("demo", canonical()).orElseThrow();
      assertThat(fresh.id()).isNotEqualTo(record.id());
      assertThat(fresh.pseudonym()).isNotEqualTo(record.pseudonym());
    } finally {
      TestPipelineRuns.cancelAndAwait(job);
    }
  }

  @Test
  void thePostedStatementsTextIsSealedInTheEventLogAndAfterTheErasureItOpensNoMoreAndAReplayLeavesItOut(
      @TempDir Path dataDir) throws Exception {
    String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "seal");
    JobClient job = startJob(prefix, dataDir);
    String ana = UUID.randomUUID().toString();
    String bruno = UUID.randomUUID().toString();
    String clear = UUID.randomUUID().toString();
    String brunoPseudonym;
    try (Endpoint endpoint = Endpoint.start(prefix, dataDir)) {
      IngestServer server = endpoint.server();
      LearnerRecordStore records = endpoint.documents().records().orElseThrow();
      post(server, statement(ana));
      post(server, statement(bruno).replace(ADDRESS, OTHER_ADDRESS).replace(NAME, OTHER_NAME));
      produce(prefix + Topics.XAPI_STATEMENTS, clear(clear));
      for (String id : List.of(ana, bruno, clear)) {
        awaitCount("learning_events FINAL WHERE statement_id = '" + id + "'", 1);
      }
      assertThat(count("learning_events FINAL WHERE statement_id = '" + ana + "' AND statement_json LIKE '%"
          + ADDRESS + "%' AND statement_json LIKE '%" + ESSAY + "%'")).isEqualTo(1);

      Map<String, byte[]> logged = eventLog(prefix + Topics.LEARNING_EVENTS, 3);
      LearnerRecord record = records.resolve("demo", canonical());
      assertThat(text(logged.get(ana))).doesNotContain(ADDRESS).doesNotContain(NAME).doesNotContain(ESSAY);
      assertThat(text(logged.get(bruno))).doesNotContain(OTHER_ADDRESS).doesNotContain(OTHER_NAME);
      LearningEvent sealedEvent = EVENTS.decode(logged.get(ana));
      assertThat(sealedEvent.getStatementJson()).isNull();
      assertThat(sealedEvent.getLearnerRecord()).isEqualTo(record.id().toString());
      assertThat(SealedEvents.opened(sealedEvent, records::findById, new LearnerSeal()).getStatementJson())
          .contains(ADDRESS, NAME, ESSAY);
      // a statement written to the topic in the clear reaches the log sealed under its actor's record, which the
      // job created, and is named by that record's pseudonym
      LearningEvent clearEvent = EVENTS.decode(logged.get(clear));
      LearnerRecord clearActor = records.find(clearEvent.getTenant(),
          ActorIdentifier.mbox("mailto:other@school.example").canonical())
          .orElseThrow();
      assertThat(clearEvent.getLearnerRecord()).isEqualTo(clearActor.id().toString());
      assertThat(clearEvent.getLearner()).as("the log names the learner by the record alone").isEmpty();
      assertThat(SealedEvents.opened(clearEvent, records::findById, new LearnerSeal()).getLearner())
          .isEqualTo(clearActor.pseudonym());
      assertThat(clearEvent.getStatementJson()).isNull();
      assertThat(text(logged.get(clear))).doesNotContain("other@school.example");
      assertThat(sealedEvent.getLearner()).isEmpty();
      assertThat(SealedEvents.opened(sealedEvent, records::findById, new LearnerSeal()).getLearner())
          .isEqualTo(record.pseudonym());
      brunoPseudonym = records.find("demo", ActorIdentifier.mbox("mailto:" + OTHER_ADDRESS).canonical())
          .orElseThrow().pseudonym();

      assertThat(records.erasePerson("demo", ActorIdentifier.mbox("mailto:" + ADDRESS))).hasSize(1);
      assertThat(reasonOpeningEvent(dataDir, sealedEvent)).isEqualTo(SealException.Reason.RECORD_ERASED);
    } finally {
      TestPipelineRuns.cancelAndAwait(job);
    }

    Replay.Result replayed = Replay.run(jobSettings(prefix, dataDir), KAFKA.bootstrapServers(),
        CLICKHOUSE.endpoint(), CLICKHOUSE.client(), new Replay.Allowances(false, true), Replay.Progress.SILENT);
    ClickHouseQueries.execute(CLICKHOUSE.client(), "DROP DATABASE IF EXISTS " + replayed.backupDatabase());
    assertThat(count("learning_events FINAL WHERE statement_id = '" + ana + "'")).isZero();
    assertThat(count("learning_events FINAL WHERE statement_id = '" + bruno + "' AND statement_json LIKE '%"
        + OTHER_ADDRESS + "%' AND learner = '" + brunoPseudonym + "'")).as("named again by the record's pseudonym")
        .isEqualTo(1);
    assertThat(count("learning_events FINAL WHERE statement_id = '" + clear + "'")).isEqualTo(1);
  }

  /** The endpoint on the documents database under {@code dataDir}, where the job finds the learner records too. */
  private record Endpoint(DocumentResources documents, IngestServer server) implements AutoCloseable {

    static Endpoint start(String prefix, Path dataDir) throws Exception {
      KafkaPublisherSettings kafka = new KafkaPublisherSettings(KAFKA.bootstrapServers(),
          prefix + Topics.XAPI_STATEMENTS, prefix + "ingest", 2, Duration.ofSeconds(10), Duration.ofSeconds(20),
          Map.of());
      DocumentResources documents = new DocumentResources(DocumentDatabase.embedded(dataDir.resolve("documents"), 2),
          TenantCredentials.developmentDefault(), new DocumentLimits(4096), Pseudonyms.fromEnvironment());
      try {
        return new Endpoint(documents, IngestServer.start(IngestServerSettings.local(0, KAFKA.bootstrapServers())
            .withKafka(kafka), new ClickHouseStatementStore(CLICKHOUSE.client(), CLICKHOUSE.database()), documents,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
      } catch (Exception | Error e) {
        documents.close();
        throw e;
      }
    }

    @Override
    public void close() throws Exception {
      try {
        server.close();
      } finally {
        documents.close();
      }
    }
  }

  private static Configuration jobSettings(String prefix, Path dataDir) {
    Configuration config = TestPipelineRuns.settings(prefix);
    config.set(RuntimeOptions.DATA_DIR, dataDir.toString());
    return config;
  }

  private static JobClient startJob(String prefix, Path dataDir) throws Exception {
    Configuration config = jobSettings(prefix, dataDir);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    PipelineJob.configure(env, config);
    PipelineJob.wire(env, config, KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), false);
    return env.executeAsync("sealed-statements");
  }

  /** Opened as another process would: a store of its own on the same database, nothing cached. */
  private static SealException.Reason reasonOpening(Path dataDir, byte[] sealed) throws Exception {
    try (DocumentDatabase database = DocumentDatabase.embedded(dataDir.resolve("documents"), 1)) {
      LearnerRecordStore records = new LearnerRecordStore(
          new org.learnstream.jobs.ingest.documents.DocumentRecordTransactions(database), Pseudonyms.fromEnvironment());
      new LearnerSeal().open(records, "demo", SealedStatements.PURPOSE, sealed);
      throw new AssertionError("the statement opened after its learner's erasure");
    } catch (SealException e) {
      return e.reason();
    }
  }

  /** Opened as the replay would: a store of its own on the same database, nothing cached. */
  private static SealException.Reason reasonOpeningEvent(Path dataDir, LearningEvent sealed) throws Exception {
    try (DocumentDatabase database = DocumentDatabase.embedded(dataDir.resolve("documents"), 1)) {
      LearnerRecordStore records = new LearnerRecordStore(
          new org.learnstream.jobs.ingest.documents.DocumentRecordTransactions(database), Pseudonyms.fromEnvironment());
      SealedEvents.opened(sealed, records::findById, new LearnerSeal());
      throw new AssertionError("the event's statement opened after its learner's erasure");
    } catch (SealException e) {
      return e.reason();
    }
  }

  /** The event log's values by statement id, once {@code expected} of them are committed. */
  private static Map<String, byte[]> eventLog(String topic, int expected) {
    Map<String, byte[]> byStatement = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : readAll(topic, expected)) {
      byStatement.put(EVENTS.decode(record.value()).getStatementId(), record.value());
    }
    return byStatement;
  }

  private static void produce(String topic, String clear) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, clear.getBytes(StandardCharsets.UTF_8))).get();
    }
  }

  private static String statement(String id) {
    return """
        {"id":"%s","actor":{"mbox":"mailto:%s","name":"%s"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/answered","display":{"en-US":"answered"}},
         "object":{"id":"http://example.com/activities/quiz-1"},
         "result":{"response":"%s"}}""".formatted(id, ADDRESS, NAME, ESSAY);
  }

  private static String clear(String id) {
    return """
        {"id":"%s","actor":{"mbox":"mailto:other@school.example"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/answered","display":{"en-US":"answered"}},
         "object":{"id":"http://example.com/activities/quiz-1"}}""".formatted(id);
  }

  private static String canonical() {
    return ActorIdentifier.mbox("mailto:" + ADDRESS).canonical();
  }

  private static void post(IngestServer server, String statement) throws Exception {
    var posted = IngestServerHttpTest.call(server, "POST", "statements", DEMO, statement);
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
  }

  /** The sealed value under the record's headers, then a clear statement with the same key, on the same partition. */
  private static void produce(String topic, byte[] key, byte[] sealed, UUID record, String clear)
      throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      ProducerRecord<byte[], byte[]> first = new ProducerRecord<>(topic, key, sealed);
      new SealedStatements.Seal(record, System.currentTimeMillis()).writeTo(first.headers());
      producer.send(first).get();
      producer.send(new ProducerRecord<>(topic, key, clear.getBytes(StandardCharsets.UTF_8))).get();
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "sealed-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + LANDING.toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    assertThat(out).hasSize(expected);
    return out;
  }

  private static long count(String fromWhere) {
    return ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM "
        + CLICKHOUSE.database() + "." + fromWhere);
  }

  /** Polls until the count reaches {@code expected}; the pipeline commits on checkpoints. */
  private static void awaitCount(String fromWhere, long expected) throws InterruptedException {
    LiveMasteryITCase.awaitCount(CLICKHOUSE.database() + "." + fromWhere, expected);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
