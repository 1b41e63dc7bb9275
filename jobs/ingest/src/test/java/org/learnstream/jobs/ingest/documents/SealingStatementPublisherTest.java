package org.learnstream.jobs.ingest.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.ingest.IngestLimits;
import org.learnstream.jobs.ingest.Preparation;
import org.learnstream.jobs.ingest.PreparedStatement;
import org.learnstream.jobs.ingest.StatementBatchPreparer;
import org.learnstream.jobs.ingest.StatementPublisher;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.records.LearnerSeal;
import org.learnstream.pipeline.records.SealException;
import org.learnstream.pipeline.records.SealedStatements;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.Pseudonymizer;
import org.learnstream.pipeline.xapi.StatementValidator;
import org.learnstream.pipeline.xapi.XapiVersion;

/** The endpoint's sealing of a batch, on the embedded documents database: whose records each statement is under. */
class SealingStatementPublisherTest {

  private static final String TENANT = "school-north";
  private static final String ANA = "mailto:ana@school.example";
  private static final String BO = "mailto:bo.tan@school.example";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path databaseDir;

  private DocumentDatabase database;
  private LearnerRecordStore store;
  private final List<PreparedStatement> written = new ArrayList<>();

  @BeforeEach
  void open() {
    database = DocumentDatabase.embedded(databaseDir, 2);
    store = new LearnerRecordStore(new DocumentRecordTransactions(database),
        new Pseudonymizer("a test pseudonymisation key".getBytes(StandardCharsets.UTF_8)));
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void aStatementNamingAnInstructorIsSealedUnderTheirRecordInsideItsActorsAndOpensWithBoth() throws Exception {
    publish(answer("\"context\":{\"instructor\":{\"mbox\":\"" + BO + "\",\"name\":\"Bo Tan\"}}"));

    PreparedStatement sealed = written.get(0);
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

    LearnerRecord ana = store.find(TENANT, ActorIdentifier.mbox(ANA).canonical()).orElseThrow();
    byte[] opened = new LearnerSeal().open(ana, SealedStatements.PURPOSE, written.get(0).json());
    assertThat(LearnerSeal.isSealed(opened)).isFalse();
    assertThat(new String(opened, StandardCharsets.UTF_8)).contains(ANA);
  }

  private static String answer(String more) {
    return "{\"actor\":{\"mbox\":\"" + ANA + "\",\"name\":\"Ana Lima\"},"
        + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},"
        + "\"object\":{\"id\":\"https://lms.example/items/1\"}," + more + "}";
  }

  private void publish(String statement) throws Exception {
    Preparation prepared = new StatementBatchPreparer(new StatementValidator(), IngestLimits.defaults())
        .preparePost(TENANT, JSON.readTree("{\"objectType\":\"Agent\",\"account\":{\"homePage\":"
            + "\"https://lms.example\",\"name\":\"lms-client\"}}"), XapiVersion.V1_0_3,
            statement.getBytes(StandardCharsets.UTF_8), Instant.parse("2026-12-06T10:00:00Z"));
    StatementPublisher capture = new StatementPublisher() {
      @Override
      public void publish(List<PreparedStatement> statements) {
        written.addAll(statements);
      }

      @Override
      public void close() {
      }
    };
    new SealingStatementPublisher(capture, store).publish(((Preparation.Ready) prepared).statements());
  }
}
