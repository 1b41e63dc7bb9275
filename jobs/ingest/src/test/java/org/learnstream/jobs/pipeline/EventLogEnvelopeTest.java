package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.learnstream.jobs.ingest.EventLogRecords.only;
import static org.learnstream.jobs.ingest.EventLogRecords.through;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.jobs.ingest.EventLogRecords;
import org.learnstream.pipeline.kafka.AvroCodec;
import org.learnstream.pipeline.kafka.AvroRecords;
import org.learnstream.pipeline.kafka.RawStatement;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerSeal;
import org.learnstream.pipeline.records.SealedStatements;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.StatementSize;
import org.learnstream.schemas.LearningEvent;

/**
 * A sealed statement from {@code xapi.statements} through the normaliser, into the event log and out of it again, on
 * a real documents database: the log holds the envelope the statement arrived in, and only the normaliser and the
 * replay look its record up.
 */
class EventLogEnvelopeTest {

  private static final String LEARNER = "ana.lima";
  private static final String ADDRESS = "mailto:" + LEARNER + "@school.example";
  private static final String INSTRUCTOR = "mailto:bo.tan@school.example";

  @RegisterExtension
  final EventLogRecords fixture = new EventLogRecords();

  @Test
  void theEventLogHoldsTheEnvelopeTheStatementArrivedInAndTheReplayOpensItToTheEventTheJobSaw() throws Exception {
    LearnerRecord ana = fixture.records().resolve("demo", ActorIdentifier.mbox(ADDRESS).canonical());
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
    assertThat(logged.getLearner()).as("the log names the learner by the record alone").isEmpty();
    LearningEvent read = only(through(new OpenEventLog(fixture.access(), "learning.events"), logged));
    seen.setSealedStatement(null);
    assertThat(read).isEqualTo(seen);
  }

  @Test
  void aLearnerErasedAfterTheNormaliserIsLoggedUnreadableAndLeftOutOfTheReplay() throws Exception {
    LearnerRecord ana = fixture.records().resolve("demo", ActorIdentifier.mbox(ADDRESS).canonical());
    LearningEvent normalised = only(normalise(new RawStatement("demo", sealedStatement(ana), "xapi.statements", 0,
        7L, 0L, ana.id().toString(), 0L)));
    LearningEvent logged = only(through(new SealEventLog(null), normalised));

    assertThat(fixture.records().erasePerson("demo", ActorIdentifier.mbox(ADDRESS))).hasSize(1);

    assertDroppedOnReading(logged);
  }

  @Test
  void theLearnerIsNamedByTheirRecordsRandomPseudonymNotByTheHmacOfTheirIdentifier() throws Exception {
    LearnerRecord ana = fixture.records().resolve("demo", ActorIdentifier.mbox(ADDRESS).canonical());

    LearningEvent normalised = only(normalise(new RawStatement("demo", sealedStatement(ana), "xapi.statements", 0,
        7L, 0L, ana.id().toString(), 0L)));

    assertThat(normalised.getLearner()).isEqualTo(ana.pseudonym())
        .isNotEqualTo(Pseudonyms.fromEnvironment().learnerId("demo", ActorIdentifier.mbox(ADDRESS).canonical()));
  }

  @Test
  void aStatementInTheClearIsNamedByItsActorsRecordAndReachesTheLogSealedUnderIt() throws Exception {
    byte[] text = statementText();

    LearningEvent normalised = only(normalise(new RawStatement("demo", text, "xapi.statements", 0, 7L, 0L)));
    LearningEvent logged = only(through(new SealEventLog(null), normalised));

    LearnerRecord ana = fixture.records().find("demo", ActorIdentifier.mbox(ADDRESS).canonical()).orElseThrow();
    assertThat(normalised.getLearner()).isEqualTo(ana.pseudonym());
    assertThat(logged.getLearnerRecord()).isEqualTo(ana.id().toString());
    assertThat(logged.getStatementJson()).isNull();
    assertThat(new String(logged.getSealedStatement().array(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain(LEARNER);
    assertThat(only(through(new OpenEventLog(fixture.access(), "learning.events"), logged)).getStatementJson())
        .isEqualTo(new String(text, java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void aStatementDatedOrStoredUpToItsLearnersErasureIsDroppedAndOneDatedAfterStartsAnUnrelatedLearner()
      throws Exception {
    String canonical = ActorIdentifier.mbox(ADDRESS).canonical();
    LearnerRecord erased = fixture.records().resolve("demo", canonical);
    Instant before = Instant.now().minusSeconds(60);
    fixture.records().erasePerson("demo", ActorIdentifier.mbox(ADDRESS));
    Instant after = Instant.now().plusSeconds(60);

    assertThat(normalise(clear(statementAt(before), before))).as("on its way at the erasure").isEmpty();
    assertThat(normalise(clear(statementAt(before), after))).as("sent back-dated after it").isEmpty();
    LearningEvent later = only(normalise(clear(statementAt(after), after)));

    LearnerRecord next = fixture.records().find("demo", canonical).orElseThrow();
    assertThat(later.getLearner()).isEqualTo(next.pseudonym()).isNotEqualTo(erased.pseudonym());
    assertThat(normalise(clear(statementAt(before), before))).as("once the next record exists").isEmpty();
    byte[] backDated = new LearnerSeal().seal(next, SealedStatements.PURPOSE, statementAt(before));
    assertThat(normalise(new RawStatement("demo", backDated, "xapi.statements", 0, 9L, after.toEpochMilli(),
        next.id().toString(), before.toEpochMilli()))).as("sealed under the next record, back-dated").isEmpty();
  }

  @Test
  void aNormaliserThatHeldTheErasedRecordLearnsOfTheErasureFromTheEpochAndStartsTheNextRecord() throws Exception {
    String canonical = ActorIdentifier.mbox(ADDRESS).canonical();
    try (OneInputStreamOperatorTestHarness<RawStatement, LearningEvent> harness = ProcessFunctionTestHarnesses
        .forProcessFunction(new NormaliseStatements("demo", fixture.access(), java.time.Duration.ZERO))) {
      Instant before = Instant.now().minusSeconds(60);
      harness.processElement(clear(statementAt(before), before), 0L);
      String first = harness.extractOutputValues().get(0).getLearner();

      fixture.records().erasePerson("demo", ActorIdentifier.mbox(ADDRESS)); // another process's store
      Instant after = Instant.now().plusSeconds(60);
      harness.processElement(clear(statementAt(after), after), 0L);

      LearnerRecord next = fixture.records().find("demo", canonical).orElseThrow();
      assertThat(harness.extractOutputValues()).extracting(LearningEvent::getLearner)
          .containsExactly(first, next.pseudonym());
      assertThat(next.pseudonym()).isNotEqualTo(first);
    }
  }

  @Test
  void aStatementInTheClearNamingAnInstructorIsLoggedSealedUnderTheirRecordTooAndUnreadableOnceTheyAreErased()
      throws Exception {
    byte[] text = withInstructor(statementText());

    LearningEvent logged = only(through(new SealEventLog(null),
        only(normalise(new RawStatement("demo", text, "xapi.statements", 0, 7L, 0L)))));

    LearnerRecord ana = fixture.records().find("demo", ActorIdentifier.mbox(ADDRESS).canonical()).orElseThrow();
    LearnerRecord bo = fixture.records().find("demo", ActorIdentifier.mbox(INSTRUCTOR).canonical()).orElseThrow();
    byte[] underAnaAlone = new LearnerSeal().open(ana, SealedStatements.PURPOSE, logged.getSealedStatement().array());
    assertThat(LearnerSeal.recordIdOf(underAnaAlone)).isEqualTo(bo.id());
    assertThat(new String(underAnaAlone, StandardCharsets.ISO_8859_1)).doesNotContain("bo.tan").doesNotContain(LEARNER);
    assertThat(only(through(new OpenEventLog(fixture.access(), "learning.events"), logged)).getStatementJson())
        .isEqualTo(new String(text, StandardCharsets.UTF_8));

    assertThat(fixture.records().erasePerson("demo", ActorIdentifier.mbox(INSTRUCTOR))).hasSize(1);

    assertDroppedOnReading(logged);
  }

  @Test
  void aPersonAsTheObjectIsNamedInTheLogByTheirRecordAloneAndByTheirPseudonymOnceRead() throws Exception {
    byte[] text = aboutInstructor(statementText());

    LearningEvent normalised = only(normalise(new RawStatement("demo", text, "xapi.statements", 0, 7L, 0L)));
    LearningEvent logged = only(through(new SealEventLog(null), normalised));

    LearnerRecord bo = fixture.records().find("demo", ActorIdentifier.mbox(INSTRUCTOR).canonical()).orElseThrow();
    assertThat(normalised.getObjectId()).isEqualTo(bo.pseudonym());
    assertThat(logged.getObjectId()).isEmpty();
    assertThat(logged.getObjectRecord()).isEqualTo(bo.id().toString());
    assertThat(new String(AvroCodec.of(LearningEvent.class).encode(logged), StandardCharsets.ISO_8859_1))
        .doesNotContain(bo.pseudonym());
    assertThat(only(through(new OpenEventLog(fixture.access(), "learning.events"), logged)).getObjectId())
        .isEqualTo(bo.pseudonym());

    assertThat(fixture.records().erasePerson("demo", ActorIdentifier.mbox(INSTRUCTOR))).hasSize(1);

    assertDroppedOnReading(logged);
  }

  @Test
  void aStatementSealedAlsoUnderAnErasedInstructorsRecordIsDroppedByTheNormaliser() throws Exception {
    LearnerRecord ana = fixture.records().resolve("demo", ActorIdentifier.mbox(ADDRESS).canonical());
    LearnerRecord bo = fixture.records().resolve("demo", ActorIdentifier.mbox(INSTRUCTOR).canonical());
    LearnerSeal seal = new LearnerSeal();
    byte[] envelope = seal.seal(ana, SealedStatements.PURPOSE,
        seal.sealLayers(List.of(bo), SealedStatements.PURPOSE, withInstructor(statementText())));
    RawStatement raw = new RawStatement("demo", envelope, "xapi.statements", 0, 7L, 0L, ana.id().toString(), 0L);

    assertThat(only(normalise(raw)).getStatementJson()).contains(INSTRUCTOR);
    fixture.records().erasePerson("demo", ActorIdentifier.mbox(INSTRUCTOR));

    try (OneInputStreamOperatorTestHarness<RawStatement, LearningEvent> harness = ProcessFunctionTestHarnesses
        .forProcessFunction(new NormaliseStatements("demo", fixture.access()))) {
      harness.processElement(raw, 0L);
      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(harness.getSideOutput(SideOutputs.DEAD_LETTERS)).as("dropped, not refused").isNull();
    }
  }

  @Test
  void aStatementTooLargeForTheEventLogIsADeadLetterNotAFailedWriteSealedOrInTheClear() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(statementText());
    tree.withObject("/result").put("response", "x".repeat(SealedStatements.MAX_BYTES));
    byte[] large = json.writeValueAsBytes(tree);
    LearnerRecord ana = fixture.records().resolve("demo", ActorIdentifier.mbox(ADDRESS).canonical());
    byte[] sealed = new LearnerSeal().seal(ana, SealedStatements.PURPOSE, large);

    for (RawStatement raw : List.of(new RawStatement("demo", large, "xapi.statements", 0, 7L, 0L),
        new RawStatement("demo", sealed, "xapi.statements", 0, 8L, 0L, ana.id().toString(), 0L))) {
      try (OneInputStreamOperatorTestHarness<RawStatement, LearningEvent> harness = ProcessFunctionTestHarnesses
          .forProcessFunction(new NormaliseStatements("demo", fixture.access()))) {
        harness.processElement(raw, 0L);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.getSideOutput(SideOutputs.DEAD_LETTERS)).singleElement().satisfies(letter -> {
          assertThat(letter.getValue().getRule()).isEqualTo(StatementSize.RULE);
          assertThat(letter.getValue().getPayload().array()).isEqualTo(raw.value);
        });
      }
    }
  }

  private static byte[] withInstructor(byte[] statement) throws java.io.IOException {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(statement);
    tree.withObject("/context").putObject("instructor").put("mbox", INSTRUCTOR).put("name", "Bo Tan");
    return json.writeValueAsBytes(tree);
  }

  /** {@code statement} with the instructor as its object, the person the learner was mentored by. */
  private static byte[] aboutInstructor(byte[] statement) throws java.io.IOException {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(statement);
    tree.remove("result");
    tree.putObject("verb").put("id", "http://id.tincanapi.com/verb/mentored-by");
    tree.putObject("object").put("objectType", "Agent").put("mbox", INSTRUCTOR).put("name", "Bo Tan");
    return json.writeValueAsBytes(tree);
  }

  /** Reading {@code logged} from the event log gives neither an event nor a dead letter: its learner was erased. */
  private void assertDroppedOnReading(LearningEvent logged) throws Exception {
    try (var harness = EventLogRecords.harness(new OpenEventLog(fixture.access(), "learning.events"))) {
      harness.processElement(logged, 0L);
      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(harness.getSideOutput(SideOutputs.DEAD_LETTERS)).isNull();
    }
  }

  private static RawStatement clear(byte[] statement, Instant stored) {
    return new RawStatement("demo", statement, "xapi.statements", 0, 7L, stored.toEpochMilli());
  }

  private static byte[] statementAt(Instant timestamp) {
    return TestStatements.answered("demo", LEARNER, "fractions", true, timestamp, 1).json();
  }

  private static byte[] statementText() {
    return TestStatements.answered("demo", LEARNER, "fractions", true, TestStatements.MONDAY_9AM, 1).json();
  }

  private static byte[] sealedStatement(LearnerRecord record) {
    byte[] text = TestStatements.answered("demo", LEARNER, "fractions", true, TestStatements.MONDAY_9AM, 1).json();
    return new LearnerSeal().seal(record, SealedStatements.PURPOSE, text);
  }

  private List<LearningEvent> normalise(RawStatement raw) throws Exception {
    try (OneInputStreamOperatorTestHarness<RawStatement, LearningEvent> harness = ProcessFunctionTestHarnesses
        .forProcessFunction(new NormaliseStatements("demo", fixture.access()))) {
      harness.processElement(raw, 0L);
      return harness.extractOutputValues();
    }
  }
}
