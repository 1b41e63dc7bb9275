package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.learnstream.jobs.ingest.EventLogRecords.harness;
import static org.learnstream.jobs.ingest.EventLogRecords.only;
import static org.learnstream.jobs.ingest.EventLogRecords.through;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.jobs.pipeline.LearnerRecordAccess;
import org.learnstream.jobs.pipeline.OpenEventLog;
import org.learnstream.jobs.pipeline.SealEventLog;
import org.learnstream.jobs.pipeline.SideOutputs;
import org.learnstream.jobs.settings.DocumentOptions;
import org.learnstream.pipeline.kafka.AvroCodec;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.SealableEvents;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.schemas.DeadLetter;
import org.learnstream.schemas.LearningEvent;

/**
 * The operators at the event log's boundary on the documents database that holds the learner records: sealing on the
 * way into {@code learning.events}, opening on the way out.
 */
class EventLogBoundaryTest {

  private static final String TOPIC = "learning.events";
  private static final String ADDRESS = "mailto:ana.lima@school.example";
  private static final String TEXT = "{\"actor\":{\"mbox\":\"" + ADDRESS + "\",\"name\":\"Ana Lima\"},"
      + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},\"object\":{\"id\":\"http://example.com/q1\"}}";

  @RegisterExtension
  final EventLogRecords fixture = new EventLogRecords();

  @Test
  void aSealedStatementsEventGoesIntoTheLogSealedAndComesOutOpened() throws Exception {
    LearnerRecord ana = ana();
    LearningEvent event = event(ana.id().toString(), TEXT);
    event.setLearner(ana.pseudonym()); // as the normaliser names a learner with a record

    LearningEvent logged = only(through(new SealEventLog(fixture.access()), event));

    assertThat(logged.getStatementJson()).isNull();
    assertThat(logged.getLearner()).as("named by the record alone").isEmpty();
    assertThat(new String(logged.getSealedStatement().array(), StandardCharsets.ISO_8859_1))
        .doesNotContain("ana.lima@school.example").doesNotContain("Ana Lima");
    assertThat(only(through(new OpenEventLog(fixture.access(), TOPIC), logged))).isEqualTo(event);
  }

  @Test
  void anEventOfAStatementThatCameInTheClearPassesBothWaysUnchanged() throws Exception {
    LearningEvent clear = event(null, TEXT);

    assertThat(only(through(new SealEventLog(fixture.access()), clear))).isEqualTo(clear);
    assertThat(only(through(new OpenEventLog(fixture.access(), TOPIC), clear))).isEqualTo(clear);
  }

  @Test
  void anErasedLearnersEventIsDroppedOnBothSidesWithoutADeadLetter() throws Exception {
    LearningEvent event = event(ana().id().toString(), TEXT);
    LearningEvent logged = only(through(new SealEventLog(fixture.access()), event));

    assertThat(fixture.records().erasePerson("demo", ActorIdentifier.mbox(ADDRESS))).hasSize(1);

    assertThat(through(new SealEventLog(fixture.access()), event)).isEmpty();
    try (var harness = harness(new OpenEventLog(fixture.access(), TOPIC))) {
      harness.processElement(logged, 0L);
      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(harness.getSideOutput(SideOutputs.DEAD_LETTERS)).isNull();
    }
  }

  @Test
  void alteredSealedTextIsADeadLetterNamingTheRuleThatKeepsTheEventSealed() throws Exception {
    LearningEvent logged = only(through(new SealEventLog(fixture.access()), event(ana().id().toString(), TEXT)));
    byte[] altered = logged.getSealedStatement().array().clone();
    altered[altered.length - 1] ^= 0x01;
    logged.setSealedStatement(ByteBuffer.wrap(altered));

    try (var harness = harness(new OpenEventLog(fixture.access(), TOPIC))) {
      harness.processElement(logged, 0L);

      assertThat(harness.extractOutputValues()).isEmpty();
      List<DeadLetter> letters = harness.getSideOutput(SideOutputs.DEAD_LETTERS).stream()
          .map(StreamRecord::getValue).toList();
      assertThat(letters).singleElement().satisfies(letter -> {
        assertThat(letter.getRule()).isEqualTo("sealed.not_authentic");
        assertThat(letter.getOrigin()).isEqualTo(OpenEventLog.ORIGIN);
        assertThat(letter.getTopic()).isEqualTo(TOPIC);
        assertThat(letter.getField()).isEqualTo("sealedStatement");
        byte[] payload = letter.getPayload().array();
        assertThat(new String(payload, StandardCharsets.ISO_8859_1)).doesNotContain("ana.lima@school.example");
        assertThat(AvroCodec.of(LearningEvent.class).decode(payload)).isEqualTo(logged);
      });
    }
  }

  @Test
  void aRecordsDatabaseThatDoesNotAnswerFailsTheOperatorInsteadOfPassingTheTextOn() throws Exception {
    Configuration settings = new Configuration();
    settings.set(DocumentOptions.URL, "jdbc:postgresql://127.0.0.1:1/documents?connectTimeout=2");
    LearnerRecordAccess unreachable = LearnerRecordAccess.from(settings);
    LearningEvent event = event(ana().id().toString(), TEXT);
    LearningEvent logged = only(through(new SealEventLog(fixture.access()), event));

    assertThatThrownBy(() -> through(new SealEventLog(unreachable), event))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not answer");
    assertThatThrownBy(() -> through(new OpenEventLog(unreachable, TOPIC), logged))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not answer");
  }

  private LearnerRecord ana() throws Exception {
    return fixture.records().resolve("demo", ActorIdentifier.mbox(ADDRESS).canonical());
  }

  private static LearningEvent event(String learnerRecord, String text) {
    return SealableEvents.event("demo", learnerRecord, text);
  }
}
