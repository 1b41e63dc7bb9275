package org.learnstream.jobs.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.kafka.AvroCodec;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;

class ChaosReportingTest {

  @Test
  void aScenarioLineStartsWithTheFieldsTheIssueAsksForInOrder() {
    ScenarioResult r = new ScenarioResult("ingest-restart", 1, 100, 100, 0, 0, 3, 90, 0, 101,
        ScenarioResult.NOT_COMPARED, 12.34, 80.0, "chaos", 100);
    assertThat(r.line())
        .startsWith("scenario=ingest-restart events_in=100 rows_out=100 lost=0 duplicated=0 recovery_s=12.3 ")
        .endsWith(" PASS");
  }

  @Test
  void aRunWithALostStatementOrAChangedMasteryRowFails() {
    assertThat(new ScenarioResult("job-kill", 1, 100, 99, 1, 0, 0, 90, 0, 99, -1, 1, 1, "chaos", 100).passed())
        .isFalse();
    assertThat(new ScenarioResult("job-kill", 1, 100, 100, 0, 0, 0, 90, 2, 100, -1, 1, 1, "chaos", 100).passed())
        .isFalse();
    assertThat(new ScenarioResult("job-kill", 1, 100, 101, 0, 1, 0, 90, 0, 100, -1, 1, 1, "chaos", 100).line())
        .endsWith(" FAIL");
  }

  @Test
  void aRunWhoseRebuiltTablesDifferFromTheCleanRunFailsAndSaysBy() {
    ScenarioResult r = new ScenarioResult("replay-after-kill", 1, 100, 100, 0, 0, 0, 90, 0, 100, 3, 1, 1, "chaos", 100);
    assertThat(r.passed()).isFalse();
    assertThat(r.line()).contains(" tables_diff=3 ").endsWith(" FAIL");
    assertThat(new ScenarioResult("job-kill", 1, 100, 100, 0, 0, 0, 90, 0, 100, -1, 1, 1, "chaos", 100).line())
        .contains(" tables_diff=n/a ").endsWith(" PASS");
  }

  @Test
  void scenariosAreNamedByTheirLabelsAndAnUnknownNameListsTheKnownOnes() {
    assertThat(Scenario.of("ingest-restart")).isEqualTo(Scenario.INGEST_RESTART);
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
