package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.learnstream.jobs.pipeline.TestStatements.MONDAY_9AM;
import static org.learnstream.jobs.pipeline.TestStatements.activity;
import static org.learnstream.jobs.pipeline.TestStatements.answered;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.testing.EndToEndTestBase;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;

/** The whole job on a real broker, MiniCluster and ClickHouse server: class-wide patterns land in class_patterns. */
class ClassPatternsITCase extends EndToEndTestBase {

  private static final int LEARNERS = 8;
  private static final int WRONG_IN_A_ROW = 12;

  @Test
  void aWholeClassFailingOneSkillLandsAsOnePatternPerRuleCountingEveryLearner() throws Exception {
    String tenant = "school-p";
    List<Keyed> statements = new ArrayList<>();
    int n = 5000;
    for (int a = 0; a < WRONG_IN_A_ROW; a++) {
      for (int l = 0; l < LEARNERS; l++) {
        statements.add(answered(tenant, "learner" + l, "fractions", false,
            MONDAY_9AM.plusSeconds(600L * a + 30L * l), n++));
      }
    }

    TestPipelineRuns.runBounded(KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), statements, "p", config -> {
    });

    // failure_streak counts wrong answers on any skill (learner-wide: no skill); twelve attempts without mastery
    // also raise wheel_spinning on the skill. Both concern the whole class.
    List<Map<String, Object>> patterns = ClickHouseQueries.rows(CLICKHOUSE.client(),
        "SELECT rule, skill, course != '' AS has_course, section != '' AS has_section, alerted_learners, "
            + "class_learners FROM " + CLICKHOUSE.database() + ".class_patterns FINAL WHERE tenant = '" + tenant
            + "' ORDER BY rule");
    assertThat(patterns).containsExactly(
        Map.of("rule", "failure_streak", "skill", "", "has_course", 1, "has_section", 1, "alerted_learners",
            LEARNERS, "class_learners", LEARNERS),
        Map.of("rule", "wheel_spinning", "skill", activity("fractions"), "has_course", 1, "has_section", 1,
            "alerted_learners", LEARNERS, "class_learners", LEARNERS));
  }
}
