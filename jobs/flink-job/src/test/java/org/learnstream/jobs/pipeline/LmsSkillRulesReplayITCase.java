package org.learnstream.jobs.pipeline;

import org.learnstream.jobs.settings.PipelineOptions;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.replay.Replay;
import org.learnstream.jobs.testing.EndToEndTestBase;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.TableContents;

/**
 * A change of the mapping rules re-maps history through a replay: the statements of {@link LmsSkillRulesITCase}
 * run live with new rules, then replayed with the old ones and again with the new ones.
 */
class LmsSkillRulesReplayITCase extends EndToEndTestBase {

  private static final String REPLAYED = "school-lms-replayed";

  @TempDir
  Path dir;

  @Test
  void aRulesChangeFollowedByAReplayGivesTheTablesOfAFreshRunWithTheNewRulesRowForRow() throws Exception {
    Path oldRules = dir.resolve("old.yaml");
    Files.writeString(oldRules, "version: '1'\nrules:\n"
        + "  - context: {parent: 'http://moodle.example/mod/quiz/view.php?id=7'}\n"
        + "    skills: [fractions.equivalence]\n");
    Path newRules = dir.resolve("new.yaml");
    Files.writeString(newRules, "version: '2'\nrules:\n"
        + "  - context: {parent: 'http://moodle.example/mod/quiz/view.php?id=7*'}\n    skills: [fractions.ordering]\n"
        + "  - context: {grouping: 'http://openedx.example/course/*'}\n    skills: [fractions.comparing]\n");
    String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "m");
    Configuration config = TestPipelineRuns.runBoundedOn(KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), prefix,
        LmsSkillRulesITCase.statements(REPLAYED),
        settings -> settings.set(PipelineOptions.SKILL_RULES_FILE, newRules.toString()));
    Map<String, List<String>> freshWithNewRules = projections();

    config.set(PipelineOptions.SKILL_RULES_FILE, oldRules.toString());
    replay(config);
    Map<String, List<String>> withOldRules = projections();
    config.set(PipelineOptions.SKILL_RULES_FILE, newRules.toString());
    replay(config);
    Map<String, List<String>> replayedWithNewRules = projections();

    assertThat(withOldRules.get("mastery_updates")).isNotEqualTo(freshWithNewRules.get("mastery_updates"));
    assertThat(replayedWithNewRules.keySet()).containsExactlyElementsOf(freshWithNewRules.keySet());
    for (String table : freshWithNewRules.keySet()) {
      assertThat(replayedWithNewRules.get(table)).as("%s after the replay with the new rules", table)
          .isEqualTo(freshWithNewRules.get(table));
    }
    assertThat(ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT uniqExact(statement_id) FROM "
        + CLICKHOUSE.table("mastery_updates") + " WHERE skill = 'fractions.ordering' AND tenant = '" + REPLAYED + "'"))
        .isEqualTo(4);
  }

  /** The tables rebuilt from the event log. */
  private static Map<String, List<String>> projections() {
    return TableContents.projections(CLICKHOUSE.client(), CLICKHOUSE.database(), REPLAYED, Set.of());
  }

  private static void replay(Configuration config) throws Exception {
    Replay.Result result = Replay.run(config, KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), CLICKHOUSE.client(),
        Replay.Progress.SILENT);
    ClickHouseQueries.execute(CLICKHOUSE.client(), "DROP DATABASE IF EXISTS " + result.backupDatabase());
  }

}
