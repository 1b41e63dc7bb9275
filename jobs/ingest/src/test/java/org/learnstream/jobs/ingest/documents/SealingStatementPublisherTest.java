package org.learnstream.jobs.ingest.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.jobs.ingest.EventLogRecords;
import org.learnstream.jobs.ingest.IngestLimits;
import org.learnstream.jobs.ingest.Preparation;
import org.learnstream.jobs.ingest.PreparedStatement;
import org.learnstream.jobs.ingest.StatementBatchPreparer;
import org.learnstream.jobs.ingest.StatementPublisher;
import org.learnstream.jobs.ingest.StatementPublisher.RefusedStatements;
import org.learnstream.jobs.pipeline.NormaliseStatements;
import org.learnstream.jobs.pipeline.SideOutputs;
import org.learnstream.pipeline.kafka.RawStatement;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.records.LearnerSeal;
import org.learnstream.pipeline.records.SealException;
import org.learnstream.pipeline.records.SealedStatements;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.StatementValidator;
import org.learnstream.pipeline.xapi.XapiVersion;
import org.learnstream.schemas.LearningEvent;

/**
 * The endpoint's sealing of a batch, on the embedded documents database: whose records each statement is under, and
 * which statements it refuses after an erasure. The endpoint holds a statement against an erasure by the job's rule:
 * it refuses exactly what the job's normaliser would drop as an erased learner's, so that none it answers 200 for is
 * lost.
 */
class SealingStatementPublisherTest {

  private static final String TENANT = "school-north";
  private static final String ANA = "mailto:ana@school.example";
  private static final String BO = "mailto:bo.tan@school.example";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  final EventLogRecords fixture = new EventLogRecords();

  private final List<PreparedStatement> written = new ArrayList<>();

  @Test
  void aStatementNamingAnInstructorIsSealedUnderTheirRecordInsideItsActorsAndOpensWithBoth() throws Exception {
    publish(answer("\"context\":{\"instructor\":{\"mbox\":\"" + BO + "\",\"name\":\"Bo Tan\"}}"));

    PreparedStatement sealed = written.get(0);
    LearnerRecordStore store = fixture.records();
    LearnerRecord ana = store.find(TENANT, ActorIdentifier.mbox(ANA).canonical()).orElseThrow();
    LearnerRecord bo = store.find(TENANT, ActorIdentifier.mbox(BO).canonical()).orElseThrow();
    assertThat(sealed.key()).isEqualTo(SealedStatements.key(ana));
    byte[] underAna = new LearnerSeal().open(ana, SealedStatements.PURPOSE, sealed.json());
    assertThat(LearnerSeal.recordIdOf(underAna)).isEqualTo(bo.id());
    assertThat(new String(underAna, StandardCharsets.ISO_8859_1)).doesNotContain("bo.tan").doesNotContain("Bo Tan");
    assertThat(new String(new LearnerSeal().openLayers(ana, SealedStatements.PURPOSE, sealed.json(), store::findById),
        StandardCharsets.UTF_8)).contains(BO, ANA);

    assertThat(store.erasePerson(TENANT, ActorIdentifier.mbox(BO))).hasSize(1);

    assertThatThrownBy(() -> new LearnerSeal().openLayers(ana, SealedStatements.PURPOSE, sealed.json(),
        store::findById)).isInstanceOfSatisfying(SealException.class,
            e -> assertThat(e.reason()).isEqualTo(SealException.Reason.RECORD_ERASED));
  }

  @Test
  void aStatementNamingNoOneElseIsSealedUnderItsActorsRecordAlone() throws Exception {
    publish(answer("\"result\":{\"success\":true}"));

    LearnerRecord ana = fixture.records().find(TENANT, ActorIdentifier.mbox(ANA).canonical()).orElseThrow();
    byte[] opened = new LearnerSeal().open(ana, SealedStatements.PURPOSE, written.get(0).json());
    assertThat(LearnerSeal.isSealed(opened)).isFalse();
    assertThat(new String(opened, StandardCharsets.UTF_8)).contains(ANA);
  }

  @Test
  void whatItRefusesAfterAnActorsErasureIsWhatTheJobDropsAndTheRestLands() throws Exception {
    fixture.records().resolve(TENANT, ActorIdentifier.mbox(ANA).canonical());
    fixture.records().erasePerson(TENANT, ActorIdentifier.mbox(ANA));
    Instant now = Instant.now().plusSeconds(1); // posted a moment after the erasure: its stored time is later

    assertAgreement(answerAt(now.minusSeconds(3600), ""), now, true);
    assertAgreement(answerAt(now.plusSeconds(3600), ""), now, false); // ahead of the clock: dated by its stored time
    assertAgreement(answer("\"result\":{\"success\":true}"), now, false);
  }

  @Test
  void whatItRefusesAfterAnInstructorsErasureIsWhatTheJobDrops() throws Exception {
    fixture.records().resolve(TENANT, ActorIdentifier.mbox(BO).canonical());
    fixture.records().erasePerson(TENANT, ActorIdentifier.mbox(BO));
    Instant now = Instant.now().plusSeconds(1); // posted a moment after the erasure: its stored time is later
    String instructor = "\"context\":{\"instructor\":{\"mbox\":\"" + BO + "\"}}";

    assertAgreement(answerAt(now.minusSeconds(3600), instructor), now, true);
    assertAgreement(answerAt(now.plusSeconds(1), instructor), now, false);
  }

  /**
   * Posts {@code statement} at {@code now}: refused, the job must drop it when it comes in the clear (as from a producer
   * writing to Kafka directly); accepted, the job must normalise it as it was sealed.
   */
  private void assertAgreement(String statement, Instant now, boolean refused) throws Exception {
    List<PreparedStatement> prepared = prepare(statement, now);

    RefusedStatements refusal = catchThrowableOfType(RefusedStatements.class, () -> publish(prepared));

    if (refused) {
      assertThat(refusal).as(statement).isNotNull();
      assertThat(refusal.refusals()).singleElement().satisfies(r -> {
        assertThat(r.violation().rule()).isEqualTo(ErasedPast.RULE);
        assertThat(r.violation().path()).isEqualTo("timestamp");
        assertThat(r.violation().message()).doesNotContain("school.example");
      });
      assertThat(written).isEmpty();
      assertThat(normalise(new RawStatement(TENANT, prepared.get(0).json(), "xapi.statements", 0, 7L,
          now.toEpochMilli()))).as("the job drops it").isEmpty();
    } else {
      assertThat(refusal).as(statement).isNull();
      PreparedStatement sealed = written.remove(0);
      assertThat(normalise(new RawStatement(TENANT, sealed.json(), "xapi.statements", 0, 7L, now.toEpochMilli(),
          sealed.sealed().record().toString(), sealed.sealed().eventTimeMillis())))
          .as("the job normalises what was answered 200").hasSize(1);
    }
  }

  private List<LearningEvent> normalise(RawStatement raw) throws Exception {
    try (OneInputStreamOperatorTestHarness<RawStatement, LearningEvent> harness = ProcessFunctionTestHarnesses
        .forProcessFunction(new NormaliseStatements(TENANT, fixture.access()))) {
      harness.processElement(raw, 0L);
      assertThat(harness.getSideOutput(SideOutputs.DEAD_LETTERS)).as("dropped or normalised, not refused").isNull();
      return harness.extractOutputValues();
    }
  }

  private static String answer(String more) {
    return "{\"actor\":{\"mbox\":\"" + ANA + "\",\"name\":\"Ana Lima\"},"
        + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},"
        + "\"object\":{\"id\":\"https://lms.example/items/1\"}," + more + "}";
  }

  private static String answerAt(Instant timestamp, String more) {
    return answer("\"timestamp\":\"" + timestamp + "\"" + (more.isEmpty() ? "" : "," + more));
  }

  private void publish(String statement) throws Exception {
    publish(prepare(statement, Instant.parse("2026-12-06T10:00:00Z")));
  }

  private static List<PreparedStatement> prepare(String statement, Instant now) throws Exception {
    Preparation prepared = new StatementBatchPreparer(new StatementValidator(), IngestLimits.defaults())
        .preparePost(TENANT, JSON.readTree("{\"objectType\":\"Agent\",\"account\":{\"homePage\":"
            + "\"https://lms.example\",\"name\":\"lms-client\"}}"), XapiVersion.V1_0_3,
            statement.getBytes(StandardCharsets.UTF_8), now);
    return ((Preparation.Ready) prepared).statements();
  }

  private void publish(List<PreparedStatement> statements) throws Exception {
    StatementPublisher capture = new StatementPublisher() {
      @Override
      public void publish(List<PreparedStatement> statements) {
        written.addAll(statements);
      }

      @Override
      public void close() {
      }
    };
    new SealingStatementPublisher(capture, fixture.records()).publish(statements);
  }
}
