package org.learnstream.pipeline.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.kafka.RecordKeys;
import org.learnstream.pipeline.kafka.RecordNamed;
import org.learnstream.schemas.LearningEvent;

class SealedEventsTest {

  private static final String TEXT = "{\"actor\":{\"mbox\":\"mailto:ana@school.example\",\"name\":\"Ana Lima\"},"
      + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},\"result\":{\"response\":\"my essay\"}}";

  private final LearnerSeal seal = new LearnerSeal();
  private final LearnerRecord ana = record("school-north");
  private final RecordFinder held = finder(ana);

  @Test
  void anEventOfASealedStatementIsWrittenWithItsTextSealedAndReadBackWithItOpened() throws Exception {
    LearningEvent event = event(ana.id().toString(), TEXT);

    LearningEvent logged = SealedEvents.sealed(event, ana, seal);

    assertThat(logged.getStatementJson()).isNull();
    assertThat(text(logged.getSealedStatement())).doesNotContain("ana@school.example").doesNotContain("Ana Lima")
        .doesNotContain("my essay");
    assertThat(logged.getLearnerRecord()).isEqualTo(ana.id().toString());
    assertThat(SealedEvents.isSealed(logged)).isTrue();
    assertThat(logged.getLearner()).as("named by the record alone").isEmpty();
    LearningEvent read = SealedEvents.opened(logged, held, seal);
    assertThat(read.getLearner()).isEqualTo(ana.pseudonym());
    assertThat(read.getStatementJson()).isEqualTo(TEXT);
    assertThat(read.getSealedStatement()).isNull();
    assertThat(read).isEqualTo(event);
  }

  @Test
  void aPersonAsTheObjectIsNamedInTheLogByTheirRecordAloneAndGetsTheirPseudonymBackOnReading() throws Exception {
    LearnerRecord ben = anotherPersonsRecord();
    LearningEvent event = aboutBen(ben);

    LearningEvent logged = SealedEvents.sealed(event, ana, seal);

    assertThat(logged.getObjectId()).isEmpty();
    assertThat(logged.getObjectRecord()).isEqualTo(ben.id().toString());
    assertThat(logged.toString()).doesNotContain(ben.pseudonym());
    assertThat(SealedEvents.opened(logged, finder(ana, ben), seal)).isEqualTo(event);
    assertThat(SealedEvents.opened(SealedEvents.forLog(SealedEvents.carrying(aboutBen(ben), ana.id(),
        seal.seal(ana, SealedStatements.PURPOSE, TEXT.getBytes(StandardCharsets.UTF_8)))), finder(ana, ben), seal)
        .getObjectId()).as("the endpoint's envelope, logged as it came").isEqualTo(ben.pseudonym());
  }

  @Test
  void anEventWhoseObjectPersonsRecordIsGoneDoesNotOpen() {
    LearnerRecord ben = anotherPersonsRecord();
    LearningEvent logged = SealedEvents.sealed(aboutBen(ben), ana, seal);

    assertThatThrownBy(() -> SealedEvents.opened(logged, held, seal)).isInstanceOf(SealException.class)
        .satisfies(e -> assertThat(((SealException) e).reason()).isEqualTo(SealException.Reason.RECORD_ERASED));
  }

  @Test
  void sealingCopiesTheEventAndLeavesTheOneTheJobGoesOnWithAsItWas() {
    LearningEvent event = event(ana.id().toString(), TEXT);

    SealedEvents.sealed(event, ana, seal);

    assertThat(event.getStatementJson()).isEqualTo(TEXT);
    assertThat(event.getSealedStatement()).isNull();
  }

  @Test
  void anEventOfAStatementThatCameInTheClearIsNeitherSealedNorOpened() {
    LearningEvent clear = event(null, TEXT);

    assertThat(SealedEvents.toSeal(clear)).isFalse();
    assertThat(SealedEvents.isSealed(clear)).isFalse();
    assertThat(SealedEvents.toSeal(event(ana.id().toString(), TEXT))).isTrue();
  }

  @Test
  void anEventWhoseRecordIsGoneDoesNotOpenAndSaysTheLearnerWasErased() {
    LearningEvent logged = SealedEvents.sealed(event(ana.id().toString(), TEXT), ana, seal);

    assertThatThrownBy(() -> SealedEvents.opened(logged, (tenant, id) -> Optional.empty(), seal))
        .isInstanceOfSatisfying(SealException.class,
            e -> assertThat(e.reason()).isEqualTo(SealException.Reason.RECORD_ERASED))
        .hasMessageContaining(ana.id().toString()).hasMessageNotContaining("ana@school.example");
  }

  @Test
  void alteredSealedBytesDoNotOpenAsAuthentic() {
    LearningEvent logged = SealedEvents.sealed(event(ana.id().toString(), TEXT), ana, seal);
    byte[] bytes = logged.getSealedStatement().array().clone();
    bytes[bytes.length - 1] ^= 0x01;
    logged.setSealedStatement(ByteBuffer.wrap(bytes));

    assertThatThrownBy(() -> SealedEvents.opened(logged, held, seal)).isInstanceOfSatisfying(SealException.class,
        e -> assertThat(e.reason()).isEqualTo(SealException.Reason.NOT_AUTHENTIC));
  }

  @Test
  void anEventCarryingTheRawTopicsEnvelopeIsLoggedWithoutItsClearTextAndReadBackWithIt() throws Exception {
    byte[] envelope = seal.seal(ana, SealedStatements.PURPOSE, TEXT.getBytes(StandardCharsets.UTF_8));
    LearningEvent event = SealedEvents.carrying(event(null, TEXT), ana.id(), envelope);

    LearningEvent logged = SealedEvents.forLog(event);

    assertThat(logged.getStatementJson()).isNull();
    assertThat(logged.getSealedStatement().array()).isEqualTo(envelope);
    assertThat(logged.getLearnerRecord()).isEqualTo(ana.id().toString());
    assertThat(SealedEvents.toSeal(event)).isFalse();
    assertThat(logged.getLearner()).isEmpty();
    assertThat(RecordNamed.namedByRecord(logged)).isTrue();
    assertThat(RecordKeys.learningEvent(logged)).isEqualTo("school-north|record:" + ana.id())
        .doesNotContain(ana.pseudonym());
    assertThat(SealedEvents.forLog(logged)).as("logged once only").isSameAs(logged);
    LearningEvent read = SealedEvents.opened(logged, held, seal);
    assertThat(read.getLearner()).isEqualTo(ana.pseudonym());
    assertThat(RecordKeys.learningEvent(read)).isEqualTo("school-north|" + ana.pseudonym());
    assertThat(read.getStatementJson()).isEqualTo(TEXT);
    assertThat(read.getSealedStatement()).isNull();
  }

  @Test
  void anEnvelopeSealedAlsoUnderAnotherPersonsRecordOpensFromTheLogOnlyWhileThatRecordExists() throws Exception {
    LearnerRecord bo = record("school-north");
    byte[] text = TEXT.getBytes(StandardCharsets.UTF_8);
    byte[] envelope = seal.seal(ana, SealedStatements.PURPOSE,
        seal.sealLayers(java.util.List.of(bo), SealedStatements.PURPOSE, text));
    LearningEvent logged = SealedEvents.forLog(SealedEvents.carrying(event(null, TEXT), ana.id(), envelope));
    RecordFinder both = (tenant, id) -> id.equals(bo.id()) ? Optional.of(bo) : held.findById(tenant, id);

    assertThat(SealedEvents.opened(logged, both, seal).getStatementJson()).isEqualTo(TEXT);
    assertThatThrownBy(() -> SealedEvents.opened(logged, held, seal)).isInstanceOfSatisfying(SealException.class,
        e -> assertThat(e.reason()).isEqualTo(SealException.Reason.RECORD_ERASED))
        .hasMessageContaining(bo.id().toString());
  }

  @Test
  void loggingCopiesTheEventAndLeavesTheOneTheJobGoesOnWithItsClearText() {
    byte[] envelope = seal.seal(ana, SealedStatements.PURPOSE, TEXT.getBytes(StandardCharsets.UTF_8));
    LearningEvent event = SealedEvents.carrying(event(null, TEXT), ana.id(), envelope);

    SealedEvents.forLog(event);

    assertThat(event.getStatementJson()).isEqualTo(TEXT);
  }

  @Test
  void anEventLoggedBeforeWithItsPseudonymIsReadWithThePseudonymItHolds() throws Exception {
    byte[] envelope = seal.seal(ana, SealedStatements.PURPOSE, TEXT.getBytes(StandardCharsets.UTF_8));
    LearningEvent logged = SealedEvents.carrying(event(null, null), ana.id(), envelope);
    logged.setLearner("an earlier pseudonym");

    assertThat(RecordNamed.namedByRecord(logged)).isFalse();
    assertThat(SealedEvents.opened(logged, held, seal).getLearner()).isEqualTo("an earlier pseudonym");
  }

  @Test
  void anEventLogWrittenBeforeWithTheTextSealedForItsOwnPurposeStillOpens() throws Exception {
    LearningEvent logged = event(ana.id().toString(), null);
    logged.setSealedStatement(ByteBuffer.wrap(seal.seal(ana, SealedEvents.EARLIER_PURPOSE,
        TEXT.getBytes(StandardCharsets.UTF_8))));

    assertThat(SealedEvents.opened(logged, held, seal).getStatementJson()).isEqualTo(TEXT);
  }

  @Test
  void bytesSealedForAnotherPurposeThanAStatementsDoNotOpenFromTheEventLog() {
    LearningEvent logged = event(ana.id().toString(), null);
    logged.setSealedStatement(ByteBuffer.wrap(seal.seal(ana, "mastery.updates",
        TEXT.getBytes(StandardCharsets.UTF_8))));

    assertThatThrownBy(() -> SealedEvents.opened(logged, held, seal)).isInstanceOfSatisfying(SealException.class,
        e -> assertThat(e.reason()).isEqualTo(SealException.Reason.NOT_AUTHENTIC));
  }

  @Test
  void sealedTextNamingAnotherRecordThanTheEventsDoesNotOpen() {
    LearnerRecord other = record("school-north");
    LearningEvent logged = SealedEvents.sealed(event(ana.id().toString(), TEXT), ana, seal);
    logged.setLearnerRecord(other.id().toString());

    assertThatThrownBy(() -> SealedEvents.opened(logged, finder(other), seal))
        .isInstanceOfSatisfying(SealException.class,
            e -> assertThat(e.reason()).isEqualTo(SealException.Reason.OTHER_RECORD));
  }

  @Test
  void aLearnerRecordThatIsNotAUuidIsMalformed() {
    LearningEvent logged = SealedEvents.sealed(event(ana.id().toString(), TEXT), ana, seal);
    logged.setLearnerRecord("not-a-record");

    assertThatThrownBy(() -> SealedEvents.opened(logged, held, seal)).isInstanceOfSatisfying(SealException.class,
        e -> assertThat(e.reason()).isEqualTo(SealException.Reason.MALFORMED))
        .hasMessageContaining("learnerRecord");
  }

  /** The records of one tenant, {@code records}. */
  private static RecordFinder finder(LearnerRecord... records) {
    Map<UUID, LearnerRecord> byId = new HashMap<>();
    for (LearnerRecord r : records) {
      byId.put(r.id(), r);
    }
    return (tenant, id) -> tenant.equals(records[0].tenant()) ? Optional.ofNullable(byId.get(id)) : Optional.empty();
  }

  /** An event of ana's whose object is ben, named by his record's pseudonym, as the job normalises it. */
  private LearningEvent aboutBen(LearnerRecord ben) {
    LearningEvent event = event(ana.id().toString(), TEXT);
    event.setLearner(ana.pseudonym());
    event.setObjectType("Agent");
    event.setObjectId(ben.pseudonym());
    event.setObjectRecord(ben.id().toString());
    return event;
  }

  private static LearningEvent event(String learnerRecord, String text) {
    return SealableEvents.event("school-north", learnerRecord, text);
  }

  /** A record with a pseudonym of its own, unlike {@link #record}'s, which is every event's learner here. */
  private static LearnerRecord anotherPersonsRecord() {
    LearnerRecord r = record("school-north");
    return new LearnerRecord(r.tenant(), r.id(), "fedcba9876543210fedcba9876543210", r.dataKey(), r.created());
  }

  private static LearnerRecord record(String tenant) {
    byte[] key = new byte[LearnerRecord.KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return new LearnerRecord(tenant, UUID.randomUUID(), "0123456789abcdef0123456789abcdef", key,
        Instant.parse("2026-12-01T00:00:00Z"));
  }

  private static String text(ByteBuffer bytes) {
    return new String(bytes.array(), StandardCharsets.ISO_8859_1);
  }
}
