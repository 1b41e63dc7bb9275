package org.learnstream.jobs.pipeline;

import org.learnstream.jobs.settings.PipelineOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.learnstream.jobs.pipeline.TestStatements.MONDAY_9AM;
import static org.learnstream.jobs.pipeline.TestStatements.activity;
import static org.learnstream.jobs.pipeline.TestStatements.answered;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.kafka.ReferencePublisher;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.mastery.BktParameters;
import org.learnstream.pipeline.mastery.PublishedParameters;
import org.learnstream.pipeline.mastery.SkillParameterSet;
import org.learnstream.schemas.SkillParameters;
import org.learnstream.jobs.testing.EndToEndTestBase;

/**
 * Per-skill parameters and the content catalog through the whole job: a catalog file maps activities to skills,
 * a parameter set published to {@code skill.parameters} overrides the starting file, and ClickHouse shows the
 * model version, the mapped skills and the catalog.
 */
class ReferenceDataITCase extends EndToEndTestBase {

  private static final BktParameters STARTING = new BktParameters(0.4, 0.1, 0.2, 0.1, 0.0);
  private static final BktParameters PUBLISHED = new BktParameters(0.6, 0.3, 0.15, 0.05, 0.01);

  @TempDir
  Path dir;

  @Test
  void catalogAndPublishedParametersDecideSkillsAndEstimates() throws Exception {
    String tenant = "school-ref";
    Path catalog = dir.resolve("catalog.json");
    Files.writeString(catalog, """
        {"version": "2026-09", "activities": [
          {"activityId": "%s", "skills": [
            {"id": "equivalence", "name": "Equivalent fractions", "standards": ["CCSS.MATH.CONTENT.4.NF.A.1"]},
            {"id": "comparing", "name": "Comparing fractions", "standards": ["CCSS.MATH.CONTENT.4.NF.A.2"]}]}]}
        """.formatted(activity("q1")));
    Path parameters = dir.resolve("parameters.json");
    new SkillParameterSet("start", STARTING, Map.of()).write(parameters);

    String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "r");
    ReferencePublisher.publish(KAFKA.bootstrapServers(), prefix + Topics.SKILL_PARAMETERS, SkillParameters.class,
        List.of(PublishedParameters.record("equivalence", "fit-7", PUBLISHED, Instant.now())),
        SkillParameters::getSkill, Duration.ofSeconds(30));
    List<Keyed> statements = List.of(
        answered(tenant, "ada", "q1", true, MONDAY_9AM, 5000),
        answered(tenant, "ada", "q9", false, MONDAY_9AM.plusSeconds(60), 5001));

    TestPipelineRuns.runBoundedOn(KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), prefix, statements, config -> {
      config.set(PipelineOptions.CATALOG_FILE, catalog.toString());
      config.set(PipelineOptions.MASTERY_PARAMETERS_FILE, parameters.toString());
    });

    String db = CLICKHOUSE.database();
    List<Map<String, Object>> rows = ClickHouseQueries.rows(CLICKHOUSE.client(),
        "SELECT skill, model_version, p_known_before, p_known_after FROM " + db + ".mastery_updates FINAL"
            + " WHERE tenant = '" + tenant + "' ORDER BY skill FORMAT JSONEachRow");
    assertThat(rows).extracting(r -> r.get("skill") + " " + r.get("model_version")).containsExactly(
        "comparing bkt/start", "equivalence bkt/fit-7", activity("q9") + " bkt/start");
    assertThat(number(rows.get(1), "p_known_before")).isEqualTo(PUBLISHED.prior());
    assertThat(number(rows.get(0), "p_known_before")).isEqualTo(STARTING.prior());

    List<Map<String, Object>> catalogRows = ClickHouseQueries.rows(CLICKHOUSE.client(),
        "SELECT activity_id, skills FROM " + db + ".skill_catalog FINAL FORMAT JSONEachRow");
    assertThat(catalogRows).anySatisfy(r -> {
      assertThat(r.get("activity_id")).isEqualTo(activity("q1"));
      assertThat(r.get("skills")).isEqualTo(List.of("equivalence", "comparing"));
    });
  }

  private static double number(Map<String, Object> row, String column) {
    return Double.parseDouble(String.valueOf(row.get(column)));
  }
}
