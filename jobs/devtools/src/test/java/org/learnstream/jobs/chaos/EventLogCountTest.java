package org.learnstream.jobs.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.pipeline.kafka.AvroCodec;
import org.learnstream.pipeline.local.LocalKafka;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;

/** Reading the committed event log as the job's transactions commit it, on a real broker. */
class EventLogCountTest {

  private static final String TOPIC = "learning.events";
  private static final AvroCodec<LearningEvent> EVENTS = AvroCodec.of(LearningEvent.class);

  @TempDir
  Path dir;

  private LocalKafka kafka;
  private KafkaProducer<byte[], byte[]> job;

  @BeforeEach
  void startBrokerWithTwoCommittedEvents() {
    kafka = LocalKafka.start(dir);
    kafka.createTopics(Map.of(TOPIC, 2));
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "event-log-count-test");
    job = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    job.initTransactions();
    job.beginTransaction();
    send("a");
    send("b");
    job.commitTransaction();
  }

  @AfterEach
  void stop() {
    job.close();
    kafka.close();
  }

  @Test
  void statementsStillInAnOpenTransactionAreMissingOnceTheWaitIsOver() {
    job.beginTransaction();
    send("c"); // in ClickHouse already, its checkpoint not complete yet

    AtomicInteger notYetIn = new AtomicInteger(-1);
    EventLogCount.Committed log = EventLogCount.committed(kafka.bootstrapServers(), TOPIC, Set.of("a", "b", "c"),
        Duration.ofSeconds(3), notYetIn::set);

    assertThat(notYetIn).hasValue(1);
    assertThat(log.records()).isEqualTo(2);
    assertThat(log.missingOf(Set.of("a", "b", "c"))).isEqualTo(1);
  }

  @Test
  void aReadThatReachedTheEndWithoutWhatItAwaitsGoesOnUntilTheTransactionCommitsIt() {
    job.beginTransaction();
    send("c");

    // the checkpoint completes while the read waits at the end of what was committed before
    EventLogCount.Committed log = EventLogCount.committed(kafka.bootstrapServers(), TOPIC, Set.of("a", "b", "c"),
        Duration.ofMinutes(1), notYetIn -> job.commitTransaction());

    assertThat(log.statementIds()).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(log.missingOf(Set.of("a", "b", "c"))).isZero();
  }

  private void send(String statementId) {
    LearningEvent event = LearningEvent.newBuilder().setStatementId(statementId).setTenant("t").setLearner("l")
        .setKind(EventKind.RESPONSE).setVerb("v").setObjectId("o").setObjectType("Activity").setSkills(List.of("s"))
        .setTimestamp(Instant.EPOCH).setStored(Instant.EPOCH).build();
    job.send(new ProducerRecord<>(TOPIC, statementId.getBytes(), EVENTS.encode(event)));
  }
}
