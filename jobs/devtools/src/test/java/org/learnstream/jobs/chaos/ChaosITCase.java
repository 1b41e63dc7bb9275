package org.learnstream.jobs.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each fault scenario once in quick mode, on a real broker, ClickHouse server and a job runner in a child JVM,
 * compared with a clean run of the same cohort. They take minutes, so they run only when asked:
 * {@code ./learnstream test -Dlearnstream.chaos=on}, or the same suite as {@code ./learnstream chaos --quick}.
 */
@EnabledIfSystemProperty(named = "learnstream.chaos", matches = "on")
class ChaosITCase {

  @TempDir
  static Path workDir;

  static ChaosSuite suite;

  @BeforeAll
  static void startServicesAndCleanRun() throws Exception {
    suite = ChaosSuite.start(ChaosSettings.quick(workDir), line -> System.out.println("chaos: " + line));
  }

  @AfterAll
  static void stop() {
    if (suite != null) {
      suite.close();
    }
  }

  @Test
  void killingTheJobRunnerWithSigkillSeveralTimesLosesAndDoublesNothing() throws Exception {
    assertNothingLostOrDoubled(suite.run(Scenario.JOB_KILL, 1));
  }

  @Test
  void restartingTheKafkaBrokerLosesAndDoublesNothing() throws Exception {
    assertNothingLostOrDoubled(suite.run(Scenario.KAFKA_RESTART, 1));
  }

  @Test
  void aClickHouseOutageIsCaughtUpWithNothingLostOrDoubled() throws Exception {
    assertNothingLostOrDoubled(suite.run(Scenario.CLICKHOUSE_OUTAGE, 1));
  }

  @Test
  void stoppingWithASavepointAndStartingAgainContinuesExactly() throws Exception {
    assertNothingLostOrDoubled(suite.run(Scenario.SAVEPOINT_RESTART, 1));
  }

  @Test
  void restartingTheIngestServerUnderLoadLosesNoAcceptedStatementAndDoublesNothing() throws Exception {
    assertNothingLostOrDoubled(suite.run(Scenario.INGEST_RESTART, 1));
  }

  @Test
  void restartingTheEmbeddedRuntimeOnItsDataDirectoryLeavesEveryTableAsTheCleanRunDoes() throws Exception {
    ScenarioResult result = suite.run(Scenario.RUNTIME_RESTART, 1);
    assertNothingLostOrDoubled(result);
    assertThat(result.tableDifferences()).as("rows of the projections differing from the clean run").isZero();
  }

  @Test
  void killingTheEmbeddedRuntimeWithSigkillAndStartingItAgainLosesAndDoublesNothing() throws Exception {
    assertNothingLostOrDoubled(suite.run(Scenario.RUNTIME_KILL, 1));
  }

  @Test
  void aReplayAfterAJobKillLeavesEveryTableAsTheCleanRunDoes() throws Exception {
    ScenarioResult result = suite.run(Scenario.REPLAY_AFTER_KILL, 1);
    assertNothingLostOrDoubled(result);
    assertThat(result.tableDifferences()).as("rows of the projections differing from the clean run").isZero();
  }

  @Test
  void anErasureWaitingForAJobKilledWithSigkillCompletesAfterTheRestartAndLeavesTheOthersAsTheCleanRunDoes()
      throws Exception {
    ScenarioResult result = suite.run(Scenario.ERASE_DURING_KILL, 1);
    assertNothingLostOrDoubled(result);
    assertThat(result.erasure().complete()).as(result.erasure().fields()).isTrue();
    assertThat(result.tableDifferences()).as("rows of the projections differing from the clean run without the "
        + "erased learner").isZero();
  }

  private static void assertNothingLostOrDoubled(ScenarioResult result) {
    System.out.println(result.line());
    assertThat(result.eventsIn()).as("statements streamed").isPositive();
    assertThat(result.lost()).as("statements lost").isZero();
    assertThat(result.duplicated()).as("rows doubled after FINAL").isZero();
    assertThat(result.rowsOut()).as("learning_events rows after FINAL").isEqualTo(result.eventsIn());
    assertThat(result.masteryDifferences()).as("mastery rows differing from the clean run").isZero();
    assertThat(result.masteryRows()).as("mastery updates").isPositive();
    assertThat(result.eventLogMissing()).as("statements in learning_events that the event log lacks").isZero();
  }
}
