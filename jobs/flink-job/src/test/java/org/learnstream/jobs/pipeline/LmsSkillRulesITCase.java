package org.learnstream.jobs.pipeline;

import org.learnstream.jobs.settings.PipelineOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.learnstream.jobs.pipeline.LmsStatements.moodleAnswer;
import static org.learnstream.jobs.pipeline.LmsStatements.openEdxProblemCheck;
import static org.learnstream.jobs.pipeline.LmsStatements.openEdxQuestionOfProblem;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;
import org.learnstream.jobs.testing.EndToEndTestBase;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;

/**
 * Moodle- and Open edX-shaped responses ({@link LmsStatements}) through the whole job with the rules file
 * {@code lms/skill-rules.yaml}: mastery in ClickHouse is kept per rule skill, not per question.
 */
class LmsSkillRulesITCase extends EndToEndTestBase {

  private static final String TENANT = "school-lms";
  private static final String DEMO = "DemoX+Fractions+2026";
  private static final String CHEMISTRY = "DemoX+Chemistry+2026";
  private static final String CHEMISTRY_PROBLEM = "b00000000000000000000000000000c1";

  @Test
  void masteryIsKeptPerSkillOfTheRulesForMoodleAndOpenEdxResponses() throws Exception {
    Path rules = Path.of(getClass().getResource("/lms/skill-rules.yaml").toURI());
    String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "l");
    TestPipelineRuns.runBoundedOn(KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), prefix, statements(TENANT),
        config -> config.set(PipelineOptions.SKILL_RULES_FILE, rules.toString()));

    String db = CLICKHOUSE.database();
    Map<String, Object> share = ClickHouseQueries.rows(CLICKHOUSE.client(),
        "SELECT uniqExactIf(statement_id, skill LIKE 'fractions.%') AS mapped, uniqExact(statement_id) AS responses"
            + " FROM " + db + ".mastery_updates FINAL WHERE tenant = '" + TENANT + "' FORMAT JSONEachRow")
        .get(0);
    System.out.printf("responses mapped to skills by the rules, in ClickHouse: %s of %s%n", share.get("mapped"),
        share.get("responses"));
    assertThat(share).containsEntry("mapped", "9").containsEntry("responses", "11");

    List<Map<String, Object>> current = ClickHouseQueries.rows(CLICKHOUSE.client(),
        "SELECT skill, groupArray(attempts) AS attempts FROM (SELECT skill, attempts FROM " + db
            + ".mastery_current FINAL WHERE tenant = '" + TENANT + "' AND skill LIKE 'fractions.%' ORDER BY attempts)"
            + " GROUP BY skill ORDER BY skill FORMAT JSONEachRow");
    assertThat(current).extracting(r -> r.get("skill") + " " + r.get("attempts")).containsExactly(
        "fractions.adding [1, 1]", "fractions.comparing [1, 3]", "fractions.equivalence [2, 3]");

    // the unmapped-activities query of pipeline/core/src/main/resources/clickhouse/README.md
    List<Map<String, Object>> unmapped = ClickHouseQueries.rows(CLICKHOUSE.client(),
        ("SELECT object_id, count() AS responses FROM db.learning_events FINAL"
            + " WHERE kind = 'RESPONSE' AND skills = [object_id]"
            + " AND (statement_id, object_id) IN (SELECT statement_id, skill FROM db.mastery_updates)"
            + " AND object_id NOT IN (SELECT activity_id FROM db.skill_catalog FINAL WHERE notEmpty(skills))"
            + " AND tenant = '" + TENANT + "' GROUP BY object_id ORDER BY object_id FORMAT JSONEachRow")
            .replace("db.", db + "."));
    assertThat(unmapped).extracting(r -> r.get("object_id")).containsExactly(
        "http://moodle.example/question/question.php?cmid=70&id=301",
        "http://openedx.example/xblock/block-v1:" + CHEMISTRY + "+type@problem+block@" + CHEMISTRY_PROBLEM);
  }

  static List<Keyed> statements(String tenant) {
    return List.of(
        keyed(tenant, "m11", moodleAnswer(1, "11", 7, 101, true)),
        keyed(tenant, "m11", moodleAnswer(2, "11", 7, 102, false)),
        keyed(tenant, "m12", moodleAnswer(3, "12", 7, 101, true)),
        keyed(tenant, "m11", moodleAnswer(4, "11", 9, 201, true)),
        keyed(tenant, "m12", moodleAnswer(5, "12", 9, 202, false)),
        keyed(tenant, "m11", moodleAnswer(6, "11", 70, 301, true)),
        keyed(tenant, "a1", openEdxProblemCheck(7, "a1", DEMO, "3fc5461f86764ad7bdbdf6cbdde61e66", false)),
        keyed(tenant, "a2", openEdxProblemCheck(8, "a2", DEMO, "3fc5461f86764ad7bdbdf6cbdde61e66", true)),
        keyed(tenant, "a1", openEdxQuestionOfProblem(9, "a1", DEMO, "a0effb954cca4759994f1ac9e9434bf4", 2, true)),
        keyed(tenant, "a1", openEdxQuestionOfProblem(10, "a1", DEMO, "a0effb954cca4759994f1ac9e9434bf4", 3, false)),
        keyed(tenant, "a1", openEdxProblemCheck(11, "a1", CHEMISTRY, CHEMISTRY_PROBLEM, true)));
  }

  static Keyed keyed(String tenant, String learner, String json) {
    return new Keyed(tenant + "|" + learner, json.getBytes(StandardCharsets.UTF_8));
  }
}
