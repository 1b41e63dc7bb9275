package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.jobs.pipeline.LearnerRecordAccess;
import org.learnstream.jobs.pipeline.NameLearnersByRecord;
import org.learnstream.pipeline.kafka.RecordKeys;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.MasteryUpdate;

/**
 * The step before {@code mastery.updates} and {@code alerts} on the documents database that holds the learner records:
 * a learner with a record is named there by the record alone.
 */
class DerivedTopicLearnersTest {

  private static final String TENANT = "demo";

  @RegisterExtension
  final EventLogRecords fixture = new EventLogRecords();

  @Test
  void aMasteryUpdateOfALearnerWithARecordNamesThemByTheRecordAlone() throws Exception {
    LearnerRecord ana = record("mailto:ana.lima@school.example");
    MasteryUpdate update = update(ana.pseudonym());

    MasteryUpdate written = only(through(fixture.access(), update));

    assertThat(written.getLearner()).isEmpty();
    assertThat(written.getLearnerRecord()).isEqualTo(ana.id().toString());
    assertThat(RecordKeys.masteryUpdate(written)).isEqualTo(TENANT + "|record:" + ana.id() + "|fractions");
    assertThat(update.getLearner()).as("the table's copy keeps the pseudonym").isEqualTo(ana.pseudonym());
  }

  @Test
  void anAlertOfALearnerWithARecordNamesThemByTheRecordAlone() throws Exception {
    LearnerRecord ana = record("mailto:ana.lima@school.example");

    Alert written = only(through(fixture.access(), alert(ana.pseudonym())));

    assertThat(written.getLearner()).isEmpty();
    assertThat(RecordKeys.alert(written)).isEqualTo(TENANT + "|record:" + ana.id());
  }

  @Test
  void eachLearnerIsNamedByTheirOwnRecord() throws Exception {
    LearnerRecord ana = record("mailto:ana.lima@school.example");
    LearnerRecord ben = record("mailto:ben.okafor@school.example");

    List<MasteryUpdate> written = through(fixture.access(), update(ana.pseudonym()), update(ben.pseudonym()),
        update(ana.pseudonym()));

    assertThat(written).extracting(MasteryUpdate::getLearnerRecord)
        .containsExactly(ana.id().toString(), ben.id().toString(), ana.id().toString());
  }

  @Test
  void aPseudonymNoRecordCarriesIsWrittenAsItIs() throws Exception {
    record("mailto:ana.lima@school.example");
    MasteryUpdate derivedFromTheIdentifier = update("fedcba9876543210fedcba9876543210");

    assertThat(only(through(fixture.access(), derivedFromTheIdentifier))).isEqualTo(derivedFromTheIdentifier);
  }

  @Test
  void aJobWithoutLearnerRecordsWritesEveryLearnerAsItIs() throws Exception {
    MasteryUpdate update = update("fedcba9876543210fedcba9876543210");

    assertThat(only(through(null, update))).isEqualTo(update);
  }

  private LearnerRecord record(String mbox) throws Exception {
    return fixture.records().resolve(TENANT, ActorIdentifier.mbox(mbox).canonical());
  }

  @SafeVarargs
  private static <T extends SpecificRecordBase> List<T> through(LearnerRecordAccess access, T... derived)
      throws Exception {
    try (var harness = ProcessFunctionTestHarnesses.forProcessFunction(new NameLearnersByRecord<T>(access))) {
      for (T d : derived) {
        harness.processElement(d, 0L);
      }
      return harness.extractOutputValues();
    }
  }

  private static <T> T only(List<T> written) {
    assertThat(written).hasSize(1);
    return written.get(0);
  }

  private static MasteryUpdate update(String learner) {
    return MasteryUpdate.newBuilder().setTenant(TENANT).setLearner(learner).setSkill("fractions")
        .setStatementId("s-1").setEventTime(Instant.parse("2026-12-01T10:00:00Z")).setSequence(1).setCorrect(true)
        .setPKnownBefore(0.3).setPCorrectPredicted(0.5).setPKnownAfter(0.6).setMastered(false).setAttempts(1)
        .setCorrectCount(1).setRecentAccuracy(1.0).setRecentWindow(10).setTrend(0.0).setModelVersion("bkt:defaults")
        .setRevision(1L).build();
  }

  private static Alert alert(String learner) {
    return Alert.newBuilder().setAlertId("a-1").setTenant(TENANT).setLearner(learner).setRule("failure_streak")
        .setSeverity("warning").setEpisode(1L).setEvidence("{\"consecutive_failures\":5}")
        .setRaisedAt(Instant.parse("2026-12-01T10:00:00Z")).setVersion(1L).build();
  }
}
