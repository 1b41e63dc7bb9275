package org.learnstream.jobs.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.kafka.AvroCodec;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;

class ChaosReportingTest {

  @Test
  void aScenarioLineStartsWithTheFieldsTheIssueAsksForInOrder() {
    ScenarioResult r = new ScenarioResult("ingest-restart", 1, 100, 100, 0, 0, 3, 90, 0, 101, 0,
        ScenarioResult.NOT_COMPARED, 12.34, 80.0, "chaos", 100);
    assertThat(r.line())
        .startsWith("scenario=ingest-restart events_in=100 rows_out=100 lost=0 duplicated=0 recovery_s=12.3 ")
        .endsWith(" PASS");
  }

  @Test
  void aRunWithALostStatementOrAChangedMasteryRowFails() {
    assertThat(new ScenarioResult("job-kill", 1, 100, 99, 1, 0, 0, 90, 0, 99, 0, -1, 1, 1, "chaos", 100).passed())
        .isFalse();
    assertThat(new ScenarioResult("job-kill", 1, 100, 100, 0, 0, 0, 90, 2, 100, 0, -1, 1, 1, "chaos", 100).passed())
        .isFalse();
    assertThat(new ScenarioResult("job-kill", 1, 100, 101, 0, 1, 0, 90, 0, 100, 0, -1, 1, 1, "chaos", 100).line())
        .endsWith(" FAIL");
  }

  @Test
  void aRunWhoseRebuiltTablesDifferFromTheCleanRunFailsAndSaysBy() {
    ScenarioResult r = new ScenarioResult("replay-after-kill", 1, 100, 100, 0, 0, 0, 90, 0, 100, 0, 3, 1, 1, "chaos",
        100);
    assertThat(r.passed()).isFalse();
    assertThat(r.line()).contains(" tables_diff=3 ").endsWith(" FAIL");
    assertThat(new ScenarioResult("job-kill", 1, 100, 100, 0, 0, 0, 90, 0, 100, 0, -1, 1, 1, "chaos", 100).line())
        .contains(" tables_diff=n/a ").endsWith(" PASS");
  }

  @Test
  void aRunWhoseEventLogLacksALandedStatementFailsAndSaysHowMany() {
    ScenarioResult r = new ScenarioResult("ingest-restart", 1, 100, 100, 0, 0, 0, 90, 0, 90, 10, -1, 1, 1, "chaos",
        100);

    assertThat(r.passed()).isFalse();
    assertThat(r.line()).contains(" event_log=90 event_log_missing=10 ").endsWith(" FAIL");
  }

  @Test
  void theEventLogLacksWhatLandedButItDoesNotHoldAndIsNotComparedWhenARecordCouldNotBeRead() {
    EventLogCount.Committed read = new EventLogCount.Committed(Map.of(1L, 2L), Set.of("a", "b"), 0);
    EventLogCount.Committed partly = new EventLogCount.Committed(Map.of(1L, 2L, 2L, 1L), Set.of("a", "b"), 1);

    assertThat(read.records()).isEqualTo(2);
    assertThat(read.missingOf(Set.of("a", "b"))).isZero();
    assertThat(read.missingOf(Set.of("a", "b", "c", "d"))).isEqualTo(2);
    assertThat(partly.missingOf(Set.of("a", "c"))).isEqualTo(ScenarioResult.NOT_COMPARED);
    assertThat(new ScenarioResult("upgrade", 1, 100, 100, 0, 0, 0, 90, 0, 100, ScenarioResult.NOT_COMPARED, -1, 1, 1,
        "chaos", 100).line()).contains(" event_log_missing=n/a ").endsWith(" PASS");
  }

  @Test
  void anEraseDuringKillLineCarriesTheErasureFiguresAfterTheSharedOnes() {
    ScenarioResult r = erasureRun(new ErasureOutcome(1, 0, 1, true, true, 1, 0, false, 23.45));

    assertThat(r.passed()).isTrue();
    assertThat(r.line()).startsWith("scenario=erase-during-kill events_in=100 rows_out=100 lost=0 duplicated=0 ")
        .contains(
            " mastery_diff=0 event_log=105 event_log_missing=0 tables_diff=0 cohort=chaos statements=105 erase_runs=1 erase_exit=0 receipts=1 "
                + "verified=yes receipt_matches_ledger=yes ledger_entries=1 learner_rows=0 acked_before_kill=no "
                + "erase_s=23.5 total_s=")
        .endsWith(" PASS");
  }

  @Test
  void anErasureThatFailedLeftTheLearnerOrWasDoneTwiceFailsTheRun() {
    List<ErasureOutcome> failed = List.of(new ErasureOutcome(1, 1, 1, false, true, 1, 0, false, 1),
        new ErasureOutcome(1, 0, 2, true, false, 1, 0, false, 1),
        new ErasureOutcome(1, 0, 1, true, false, 2, 0, false, 1),
        new ErasureOutcome(1, 0, 1, true, true, 1, 3, false, 1),
        new ErasureOutcome(1, 0, 0, false, false, 1, 0, false, 0));
    for (ErasureOutcome outcome : failed) {
      assertThat(erasureRun(outcome).line()).as(outcome.fields()).endsWith(" FAIL");
    }
  }

  @Test
  void aKillAfterTheJobHadAlreadyAppliedTheErasureFailsTheRunAsItDidNotTestTheErasureInFlight() {
    ScenarioResult r = erasureRun(new ErasureOutcome(1, 0, 1, true, true, 1, 0, true, 5));

    assertThat(r.passed()).isFalse();
    assertThat(r.line()).contains(" acked_before_kill=yes ").endsWith(" FAIL");
  }

  private static ScenarioResult erasureRun(ErasureOutcome erasure) {
    return new ScenarioResult("erase-during-kill", 1, 100, 100, 0, 0, 2, 90, 0, 105, 0, 0, 8.0, 70.0, "chaos", 105,
        erasure);
  }

  @Test
  void scenariosAreNamedByTheirLabelsAndAnUnknownNameListsTheKnownOnes() {
    assertThat(Scenario.of("ingest-restart")).isEqualTo(Scenario.INGEST_RESTART);
    assertThat(Scenario.of("erase-during-kill")).isEqualTo(Scenario.ERASE_DURING_KILL);
    assertThatThrownBy(() -> Scenario.of("disk-full")).hasMessageContaining("clickhouse-outage")
        .hasMessageContaining("ingest-restart");
  }

  @Test
  void theWriterSchemaOfAnEventLogRecordIsReadFromItsSingleObjectHeader() throws Exception {
    LearningEvent event = LearningEvent.newBuilder().setStatementId("0b0c5b1e-8a43-4c07-9a5b-6a1d1c1e1f10")
        .setTenant("t").setLearner("l").setKind(EventKind.RESPONSE).setVerb("v").setObjectId("o")
        .setObjectType("Activity").setSkills(List.of("s")).setTimestamp(Instant.EPOCH).setStored(Instant.EPOCH)
        .build();
    byte[] value = AvroCodec.of(LearningEvent.class).encode(event);
    assertThat(EventLogCount.fingerprint(value))
        .isEqualTo(SchemaNormalization.parsingFingerprint64(LearningEvent.getClassSchema()));
    assertThat(EventLogCount.fingerprint("{\"json\":true}".getBytes())).isEqualTo(EventLogCount.NOT_SINGLE_OBJECT);
  }
}
