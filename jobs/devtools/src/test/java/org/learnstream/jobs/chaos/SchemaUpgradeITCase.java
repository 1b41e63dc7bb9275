package org.learnstream.jobs.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.schemas.LearningEvent;

/**
 * An upgrade as an operator does it: the running job is stopped with a savepoint (SIGTERM) mid-stream, and the next
 * build starts from that savepoint. In the next build LearningEvent has one more optional field. LearningEvent is
 * what the job keeps in state (the mastery operator's event-time buffer, the voiding router's last statement) and
 * what it writes to the event log, so the savepoint's state was written with the old schema and must be migrated on
 * restore. The projections must still equal a clean run's, the event log must hold records of both builds, and no
 * statement may be lost or doubled.
 */
class SchemaUpgradeITCase {

  @TempDir
  static Path workDir;

  @Test
  void aSavepointOfTheRunningBuildRestoresIntoABuildWhoseLearningEventHasANewOptionalField() throws Exception {
    Schema current = LearningEvent.getClassSchema();
    Schema next = UpgradedBuild.withOptionalField(current, "platform",
        "context.platform: the LMS or tool that produced the statement.");
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(next, current).getType())
        .as("the new schema reads what the old one wrote")
        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    Path upgraded = UpgradedBuild.compile(next, workDir.resolve("upgraded-build"));

    // the quick suite's stream (28 s for the cohort; the savepoint comes 2-6 s after the first checkpoint, about 15 s
    // in). Wherever the savepoint falls, the mastery operator holds LearningEvents of the old schema in its event-time
    // buffer (the chaos watermark lets none out before the flush statements), which the upgraded build must restore,
    // and the upgraded build writes to the event log at least the flush statements' events
    ChaosSettings settings = ChaosSettings.quick(workDir.resolve("chaos"));
    try (ChaosSuite suite = ChaosSuite.start(settings, line -> System.out.println("upgrade: " + line))) {
      ScenarioResult result = suite.runUpgrade(upgraded, 1);
      System.out.println(result.line());

      assertThat(result.passed()).as("the scenario's own checks, as chaos prints them: %s", result.line()).isTrue();
      assertThat(result.lost()).as("statements lost").isZero();
      assertThat(result.duplicated()).as("rows doubled after FINAL").isZero();
      assertThat(result.rowsOut()).as("learning_events rows after FINAL").isEqualTo(result.eventsIn());
      assertThat(result.masteryRows()).as("mastery updates").isPositive();
      assertThat(result.masteryDifferences()).as("mastery rows differing from the clean run").isZero();

      Map<Long, Long> writers = suite.lastEventLogWriterSchemas();
      long before = writers.getOrDefault(SchemaNormalization.parsingFingerprint64(current), 0L);
      long after = writers.getOrDefault(SchemaNormalization.parsingFingerprint64(next), 0L);
      assertThat(before).as("event log records written by the build that took the savepoint").isPositive();
      assertThat(after).as("event log records written by the upgraded build").isPositive();
      assertThat(before + after).as("every committed event log record was written by one of the two builds")
          .isEqualTo(result.eventLogRecords());
    }
  }
}
