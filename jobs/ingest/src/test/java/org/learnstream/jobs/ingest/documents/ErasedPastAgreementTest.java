package org.learnstream.jobs.ingest.documents;

import static org.assertj.core.api.Assertions.assertThat;
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
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.StatementValidator;
import org.learnstream.pipeline.xapi.XapiVersion;
import org.learnstream.schemas.LearningEvent;

/**
 * The endpoint and the job hold a statement against an erasure by one rule: the endpoint refuses with 400 exactly the
 * statements the job's normaliser would drop as an erased learner's, so that none it answers 200 for is lost. Each
 * statement is posted after the erasure of its actor or of the instructor it names; one the endpoint accepts goes
 * through the normaliser as the endpoint sealed it, one it refuses goes through in the clear, as a producer writing
 * to Kafka directly would send it.
 */
class ErasedPastAgreementTest {

  private static final String TENANT = "demo";
  private static final String ANA = "mailto:ana.lima@school.example";
  private static final String BO = "mailto:bo.tan@school.example";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  final EventLogRecords fixture = new EventLogRecords();

  @Test
  void whatTheEndpointRefusesAfterAnActorsErasureIsWhatTheJobDropsAndTheRestLands() throws Exception {
    fixture.records().resolve(TENANT, ActorIdentifier.mbox(ANA).canonical());
    fixture.records().erasePerson(TENANT, ActorIdentifier.mbox(ANA));
    Instant now = Instant.now();

    assertAgreement(answer(now.minusSeconds(3600), ""), now, true);
    assertAgreement(answer(now.plusSeconds(3600), ""), now, false); // ahead of the clock: dated by its stored time
    assertAgreement(answer(null, ""), now, false);
  }

  @Test
  void whatTheEndpointRefusesAfterAnInstructorsErasureIsWhatTheJobDrops() throws Exception {
    fixture.records().resolve(TENANT, ActorIdentifier.mbox(BO).canonical());
    fixture.records().erasePerson(TENANT, ActorIdentifier.mbox(BO));
    Instant now = Instant.now();
    String instructor = ",\"context\":{\"instructor\":{\"mbox\":\"" + BO + "\"}}";

    assertAgreement(answer(now.minusSeconds(3600), instructor), now, true);
    assertAgreement(answer(now.plusSeconds(1), instructor), now, false);
  }

  /** Posts {@code statement} at {@code now}; the endpoint must refuse it when {@code refused}, the job then drop it. */
  private void assertAgreement(String statement, Instant now, boolean refused) throws Exception {
    Preparation.Ready ready = (Preparation.Ready) new StatementBatchPreparer(new StatementValidator(),
        IngestLimits.defaults()).preparePost(TENANT,
            JSON.readTree("{\"objectType\":\"Agent\",\"account\":"
                + "{\"homePage\":\"https://lms.example\",\"name\":\"lms-client\"}}"),
            XapiVersion.V1_0_3,
            statement.getBytes(StandardCharsets.UTF_8), now);
    List<PreparedStatement> written = new ArrayList<>();
    StatementPublisher capture = new StatementPublisher() {
      @Override
      public void publish(List<PreparedStatement> statements) {
        written.addAll(statements);
      }

      @Override
      public void close() {
      }
    };

    RefusedStatements refusal = catchThrowableOfType(RefusedStatements.class,
        () -> new SealingStatementPublisher(capture, fixture.records()).publish(ready.statements()));

    if (refused) {
      assertThat(refusal).as(statement).isNotNull();
      assertThat(refusal.refusals()).singleElement().satisfies(r -> {
        assertThat(r.violation().rule()).isEqualTo(ErasedPast.RULE);
        assertThat(r.violation().path()).isEqualTo("timestamp");
        assertThat(r.violation().message()).doesNotContain("school.example");
      });
      assertThat(written).isEmpty();
      PreparedStatement clear = ready.statements().get(0);
      assertThat(normalise(new RawStatement(TENANT, clear.json(), "xapi.statements", 0, 7L, now.toEpochMilli())))
          .as("the job drops it").isEmpty();
    } else {
      assertThat(refusal).as(statement).isNull();
      PreparedStatement sealed = written.get(0);
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

  private static String answer(Instant timestamp, String more) {
    return "{\"actor\":{\"mbox\":\"" + ANA + "\",\"name\":\"Ana Lima\"},"
        + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},"
        + "\"object\":{\"id\":\"https://lms.example/items/1\"}"
        + (timestamp == null ? "" : ",\"timestamp\":\"" + timestamp + "\"") + more + "}";
  }
}
