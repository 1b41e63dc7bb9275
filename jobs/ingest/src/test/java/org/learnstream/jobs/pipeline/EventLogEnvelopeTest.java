package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.ingest.documents.DocumentDatabase;
import org.learnstream.jobs.ingest.documents.DocumentRecordTransactions;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.pipeline.kafka.AvroRecords;
import org.learnstream.pipeline.kafka.RawStatement;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.records.LearnerSeal;
import org.learnstream.pipeline.records.SealedStatements;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.schemas.LearningEvent;

/**
 * A sealed statement from {@code xapi.statements} through the normaliser, into the event log and out of it again, on
 * a real documents database: the log holds the envelope the statement arrived in, and only the normaliser and the
 * replay look its record up.
 */
class EventLogEnvelopeTest {

  private static final String LEARNER = "ana.lima";
  private static final String ADDRESS = "mailto:" + LEARNER + "@school.example";

  @TempDir
  Path dataDir;

  private DocumentDatabase database;
  private LearnerRecordStore records;
  private LearnerRecordAccess access;

  @BeforeEach
  void openTheRecords() {
    database = DocumentDatabase.embedded(dataDir.resolve("documents"), 1);
    records = new LearnerRecordStore(new DocumentRecordTransactions(database), Pseudonyms.fromEnvironment());
    Configuration settings = new Configuration();
    settings.set(RuntimeOptions.DATA_DIR, dataDir.toString());
    access = LearnerRecordAccess.from(settings);
  }

  @AfterEach
  void closeTheRecords() {
    database.close();
  }

  @Test
  void theEventLogHoldsTheEnvelopeTheStatementArrivedInAndTheReplayOpensItToTheEventTheJobSaw() throws Exception {
    LearnerRecord ana = records.resolve("demo", ActorIdentifier.mbox(ADDRESS).canonical());
    byte[] envelope = sealedStatement(ana);

    LearningEvent normalised = only(normalise(new RawStatement("demo", envelope, "xapi.statements", 0, 7L, 0L,
        ana.id().toString(), 0L)));
    LearningEvent seen = AvroRecords.copy(normalised);
    // without a records database: a lookup or a second seal would fail here
    LearningEvent logged = only(through(new SealEventLog(null), normalised));

    assertThat(normalised).isEqualTo(seen);
    assertThat(normalised.getStatementJson()).contains(ADDRESS);
    assertThat(logged.getStatementJson()).isNull();
    assertThat(logged.getSealedStatement().array()).isEqualTo(envelope);
    assertThat(logged.getLearnerRecord()).isEqualTo(ana.id().toString());
    LearningEvent read = only(through(new OpenEventLog(access, "learning.events"), logged));
    seen.setSealedStatement(null);
    assertThat(read).isEqualTo(seen);
  }

  @Test
  void aLearnerErasedAfterTheNormaliserIsLoggedUnreadableAndLeftOutOfTheReplay() throws Exception {
    LearnerRecord ana = records.resolve("demo", ActorIdentifier.mbox(ADDRESS).canonical());
    LearningEvent normalised = only(normalise(new RawStatement("demo", sealedStatement(ana), "xapi.statements", 0,
        7L, 0L, ana.id().toString(), 0L)));
    LearningEvent logged = only(through(new SealEventLog(null), normalised));

    assertThat(records.erasePerson("demo", ActorIdentifier.mbox(ADDRESS))).hasSize(1);

    try (var harness = ProcessFunctionTestHarnesses.forProcessFunction(new OpenEventLog(access, "learning.events"))) {
      harness.processElement(logged, 0L);
      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(harness.getSideOutput(SideOutputs.DEAD_LETTERS)).isNull();
    }
  }

  private static byte[] sealedStatement(LearnerRecord record) {
    byte[] text = TestStatements.answered("demo", LEARNER, "fractions", true, TestStatements.MONDAY_9AM, 1).json();
    return new LearnerSeal().seal(record, SealedStatements.PURPOSE, text);
  }

  private List<LearningEvent> normalise(RawStatement raw) throws Exception {
    try (OneInputStreamOperatorTestHarness<RawStatement, LearningEvent> harness = ProcessFunctionTestHarnesses
        .forProcessFunction(new NormaliseStatements("demo", access))) {
      harness.processElement(raw, 0L);
      return harness.extractOutputValues();
    }
  }

  private static List<LearningEvent> through(ProcessFunction<LearningEvent, LearningEvent> function,
      LearningEvent event) throws Exception {
    try (var harness = ProcessFunctionTestHarnesses.forProcessFunction(function)) {
      harness.processElement(event, 0L);
      return harness.extractOutputValues();
    }
  }

  private static LearningEvent only(List<LearningEvent> events) {
    assertThat(events).hasSize(1);
    return events.get(0);
  }
}
