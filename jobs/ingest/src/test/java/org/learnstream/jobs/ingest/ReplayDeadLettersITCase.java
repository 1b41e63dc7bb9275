package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.ingest.documents.DocumentDatabase;
import org.learnstream.jobs.ingest.documents.DocumentRecordTransactions;
import org.learnstream.jobs.pipeline.OpenEventLog;
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
import org.learnstream.pipeline.records.SealableEvents;
import org.learnstream.pipeline.records.SealedStatements;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.schemas.LearningEvent;

/**
 * A replay on the real broker, the job's replay on Flink's MiniCluster and ClickHouse, over an event log that holds an
 * event whose sealed statement text was altered: the event does not open, and instead of vanishing it is a dead letter
 * in the live database's {@code dead_letters}, with its rule and the event's bytes, while the log's other events are
 * rebuilt.
 */
class ReplayDeadLettersITCase extends EndToEndTestBase {

  private static final String TENANT = "replay-dead-letters";
  private static final String TEXT = "{\"actor\":{\"mbox\":\"mailto:ana.lima@school.example\",\"name\":\"Ana Lima\"},"
      + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},\"object\":{\"id\":\"http://example.com/q1\"}}";
  private static final AvroCodec<LearningEvent> EVENTS = AvroCodec.of(LearningEvent.class);

  @Test
  void anEventWhoseSealedTextDoesNotOpenIsADeadLetterOfTheReplayAndTheOthersAreRebuilt(@TempDir Path dataDir)
      throws Exception {
    String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "rdl");
    LearningEvent altered;
    try (DocumentDatabase database = DocumentDatabase.embedded(dataDir.resolve("documents"), 1)) {
      LearnerRecordStore records = new LearnerRecordStore(new DocumentRecordTransactions(database),
          Pseudonyms.fromEnvironment());
      LearnerRecord ana = records.resolve(TENANT, ActorIdentifier.mbox("mailto:ana.lima@school.example").canonical());
      byte[] sealed = new LearnerSeal().seal(ana, SealedStatements.PURPOSE, TEXT.getBytes(StandardCharsets.UTF_8));
      sealed[sealed.length - 1] ^= 0x01; // the tag no longer authenticates
      altered = SealableEvents.event(TENANT, ana.id().toString(), null);
      altered.setSealedStatement(ByteBuffer.wrap(sealed));
    }
    LearningEvent clear = SealableEvents.event(TENANT, null, TEXT);
    byte[] alteredBytes = EVENTS.encode(altered);
    produce(prefix + Topics.LEARNING_EVENTS, List.of(alteredBytes, EVENTS.encode(clear)));

    Configuration settings = TestPipelineRuns.settings(prefix);
    settings.set(RuntimeOptions.DATA_DIR, dataDir.toString());
    Replay.Result replayed = Replay.run(settings, KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), CLICKHOUSE.client(),
        new Replay.Allowances(false, true), Replay.Progress.SILENT);
    ClickHouseQueries.execute(CLICKHOUSE.client(), "DROP DATABASE IF EXISTS " + replayed.backupDatabase());

    assertThat(count("learning_events FINAL WHERE statement_id = '" + clear.getStatementId() + "'")).isEqualTo(1);
    assertThat(count("learning_events FINAL WHERE statement_id = '" + altered.getStatementId() + "'")).isZero();
    List<Map<String, Object>> letters = ClickHouseQueries.rows(CLICKHOUSE.client(), "SELECT origin, rule, field, "
        + "topic, tenant, hex(payload) AS payload FROM " + CLICKHOUSE.database() + ".dead_letters FINAL "
        + "WHERE tenant = '" + TENANT + "'");
    assertThat(letters).singleElement().satisfies(letter -> {
      assertThat(letter.get("origin")).isEqualTo(OpenEventLog.ORIGIN);
      assertThat(letter.get("rule")).isEqualTo("sealed.not_authentic");
      assertThat(letter.get("field")).isEqualTo("sealedStatement");
      assertThat(letter.get("topic")).isEqualTo(prefix + Topics.LEARNING_EVENTS);
      assertThat(letter.get("payload")).isEqualTo(HexFormat.of().withUpperCase().formatHex(alteredBytes));
    });
  }

  private static void produce(String topic, List<byte[]> values) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      for (byte[] value : values) {
        producer.send(new ProducerRecord<>(topic, value)).get();
      }
    }
  }

  private static long count(String fromWhere) {
    return ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM "
        + CLICKHOUSE.database() + "." + fromWhere);
  }
}
