package org.learnstream.jobs.pipeline;

import org.learnstream.jobs.settings.PipelineOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.learnstream.jobs.pipeline.LmsSkillRulesITCase.keyed;
import static org.learnstream.jobs.pipeline.LmsStatements.moodleAnswer;
import static org.learnstream.jobs.pipeline.LmsStatements.openEdxProblemCheck;
import static org.learnstream.jobs.pipeline.LmsStatements.openEdxQuestionOfProblem;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;
import org.learnstream.jobs.testing.EndToEndTestBase;
import org.learnstream.pipeline.catalog.CaseFrameworkReader;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.FrameworkCatalog;
import org.learnstream.pipeline.clickhouse.ReadmeQueries;

/**
 * Moodle- and Open edX-shaped responses ({@link LmsStatements}), a small public CASE framework (OpenSALT's export of
 * the Common Core ratio standards, {@code case/ccss-ratios-opensalt.json}) and the rules file
 * {@code lms/framework-rules.yaml} through the whole job: mastery is kept per framework skill, and the README's roll-up
 * gives each standard and cluster the mean over the skills traced below it.
 */
class LmsFrameworkMasteryITCase extends EndToEndTestBase {

  private static final String TENANT = "school-case";
  private static final String RATIOS = "DemoX+Ratios+2026";
  private static final String CHEMISTRY = "DemoX+Chemistry+2026";
  private static final String CCSS = "CCSS.Math.Content.";
  private static final String FIXTURE = "/case/ccss-ratios-opensalt.json";
  /** A framework item under the name a rule or a statement gave it: its URI, its identifier or its code. */
  private static final String NAMES = "(SELECT arrayJoin(arrayFilter(x -> x != '', [skill, identifier, code]))"
      + " FROM db.framework_skills)";

  @Test
  void moodleAndOpenEdxResponsesGetMasteryPerFrameworkSkillRolledUpTheStandards() throws Exception {
    try (InputStream in = getClass().getResourceAsStream(FIXTURE)) {
      new FrameworkCatalog(CLICKHOUSE.client(), CLICKHOUSE.database())
          .load(CaseFrameworkReader.read(in.readAllBytes(), FIXTURE), FIXTURE, Instant.now());
    }
    Path rules = Path.of(getClass().getResource("/lms/framework-rules.yaml").toURI());
    String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "f");
    TestPipelineRuns.runBoundedOn(KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), prefix, statements(),
        config -> config.set(PipelineOptions.SKILL_RULES_FILE, rules.toString()));

    Map<String, Object> share = query("SELECT uniqExactIf(statement_id, skill IN " + NAMES + ") AS mapped,"
        + " uniqExact(statement_id) AS responses FROM db.mastery_updates FINAL WHERE tenant = '" + TENANT + "'")
        .get(0);
    long mapped = Long.parseLong((String) share.get("mapped"));
    long responses = Long.parseLong((String) share.get("responses"));
    System.out.printf("responses mapped to framework skills: %d of %d (%.0f%%)%n", mapped, responses,
        100.0 * mapped / responses);
    assertThat(mapped).isEqualTo(8);
    assertThat(responses).isEqualTo(10);

    // each framework skill under the name its rule gave: the ID number's code, the URI, the identifier
    List<Map<String, Object>> traced = query("SELECT skill, groupArray(attempts) AS attempts FROM (SELECT skill,"
        + " attempts FROM db.mastery_current FINAL WHERE tenant = '" + TENANT + "' AND skill IN " + NAMES
        + " ORDER BY attempts) GROUP BY skill ORDER BY skill");
    assertThat(traced).extracting(r -> r.get("skill") + " " + r.get("attempts")).containsExactly(
        CCSS + "6.RP.A.1 [1, 2]", CCSS + "7.RP.A.1 [1]", "eceec0fb-e4de-4ef3-a48f-0987b366c9ae [1, 1]",
        "http://opensalt-staging.opened.com/uri/7404f29a-ebc2-45f3-a8c8-921b8772ebc8 [2]");

    String rollUp = ReadmeQueries.of("skill_ancestors").get(0).replace("'school-a'", "'" + TENANT + "'");
    Map<String, Map<String, Object>> byCode = query(rollUp).stream()
        .collect(Collectors.toMap(r -> (String) r.get("code"), r -> r));
    assertThat(byCode.keySet()).containsExactlyInAnyOrder(CCSS + "6.RP.A", CCSS + "6.RP.A.1", CCSS + "6.RP.A.2",
        CCSS + "6.RP.A.3", CCSS + "6.RP.A.3b", CCSS + "7.RP.A", CCSS + "7.RP.A.1");
    assertThat(byCode.get(CCSS + "6.RP.A")).containsEntry("skills_traced", "3").containsEntry("learners", "4");
    assertThat(byCode.get(CCSS + "6.RP.A.3")).containsEntry("skills_traced", "1")
        .containsEntry("rolled_up_p_known", byCode.get(CCSS + "6.RP.A.3b").get("rolled_up_p_known"));
    double meanOfLeaves = (pKnown(byCode, "6.RP.A.1") + pKnown(byCode, "6.RP.A.2") + pKnown(byCode, "6.RP.A.3b")) / 3;
    assertThat(pKnown(byCode, "6.RP.A")).isCloseTo(meanOfLeaves, org.assertj.core.data.Offset.offset(1e-9));
  }

  private static double pKnown(Map<String, Map<String, Object>> byCode, String code) {
    return ((Number) byCode.get(CCSS + code).get("rolled_up_p_known")).doubleValue();
  }

  private static List<Map<String, Object>> query(String sql) {
    return ClickHouseQueries.rows(CLICKHOUSE.client(),
        sql.replace("db.", CLICKHOUSE.database() + ".") + " FORMAT JSONEachRow");
  }

  /** Ten responses: eight in quizzes or courses the rules map, one Moodle quiz without ID number, one course not. */
  private static List<Keyed> statements() {
    String ratio = "c0ffee00000000000000000000000001";
    return List.of(
        keyed(TENANT, "m21", moodleAnswer(21, "21", 7, 101, true, CCSS + "6.RP.A.1")),
        keyed(TENANT, "m21", moodleAnswer(22, "21", 7, 102, false, CCSS + "6.RP.A.1")),
        keyed(TENANT, "m22", moodleAnswer(23, "22", 7, 101, true, CCSS + "6.RP.A.1")),
        keyed(TENANT, "m21", moodleAnswer(24, "21", 8, 201, true, CCSS + "7.RP.A.1")),
        keyed(TENANT, "m22", moodleAnswer(25, "22", 9, 301, false)),
        keyed(TENANT, "a1", openEdxProblemCheck(26, "a1", RATIOS, ratio, false)),
        keyed(TENANT, "a1", openEdxQuestionOfProblem(27, "a1", RATIOS, ratio, 2, true)),
        keyed(TENANT, "a2", openEdxQuestionOfProblem(28, "a2", RATIOS, "c0ffee00000000000000000000000002", 2, true)),
        keyed(TENANT, "a1", openEdxProblemCheck(29, "a1", RATIOS, "c0ffee00000000000000000000000003", true)),
        keyed(TENANT, "a1", openEdxProblemCheck(30, "a1", CHEMISTRY, "b00000000000000000000000000000c1", true)));
  }
}
