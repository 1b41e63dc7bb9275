package org.learnstream.pipeline.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.schemas.DeadLetter;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MappedSkill;
import org.learnstream.schemas.MasteryUpdate;
import org.learnstream.schemas.SkillMapping;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** skill_catalog rows, and the README's "mastery by standard" and "unmapped activities" queries, on a real server. */
class SkillCatalogTableTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final String TENANT = "school-a";
  private static final String NF_A_1 = "CCSS.MATH.CONTENT.4.NF.A.1";
  private static final String NF_B_3 = "CCSS.MATH.CONTENT.4.NF.B.3";

  private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();

  @Test
  void aNewerEntryReplacesTheOlderAndEveryArrayKeepsItsPositions() throws Exception {
    write(new SkillMappingEncoder(), List.of(
        new SkillMapping("act/q1", "v1", List.of(new MappedSkill("equivalence", null, List.of(NF_A_1)))),
        new SkillMapping("act/q1", "v2", List.of(
            new MappedSkill("equivalence", "Equivalent fractions", List.of(NF_A_1)),
            new MappedSkill("adding", "Adding fractions", List.of(NF_B_3, NF_A_1))))));

    List<Map<String, Object>> rows = ClickHouseQueries.rows(CLICKHOUSE.client(),
        "SELECT activity_id, catalog_version, skills, skill_names, skill_standards FROM "
            + CLICKHOUSE.table("skill_catalog") + " FINAL FORMAT JSONEachRow");

    assertThat(deadLetters).isEmpty();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0)).containsEntry("catalog_version", "v2")
        .containsEntry("skills", List.of("equivalence", "adding"))
        .containsEntry("skill_names", List.of("Equivalent fractions", "Adding fractions"))
        .containsEntry("skill_standards", List.of(List.of(NF_A_1), List.of(NF_B_3, NF_A_1)));
  }

  @Test
  void theReadmeQueriesGiveMasteryByStandardAndTheUnmappedActivities() throws Exception {
    String db = CLICKHOUSE.database();
    write(new SkillMappingEncoder(), List.of(
        new SkillMapping("act/q1", "v1", List.of(new MappedSkill("equivalence", "Equivalent", List.of(NF_A_1)))),
        new SkillMapping("act/q2", "v1", List.of(new MappedSkill("adding", "Adding", List.of(NF_B_3, NF_A_1))))));
    // the activity itself traced as a skill, as the job writes it for a response nothing maps
    write(new MasteryUpdateEncoder(), List.of(current("ada", "equivalence", 0.9), current("ada", "adding", 0.5),
        current("bo", "adding", 0.3), tracedAsItself("e2", "act/unknown"), tracedAsItself("e3", "act/unknown")));
    write(new LearningEventEncoder(), List.of(response("e1", "act/q1", List.of("equivalence")),
        response("e2", "act/unknown", List.of("act/unknown")), response("e3", "act/unknown", List.of("act/unknown")),
        response("e4", "act/named", List.of("named-skill"))));

    List<String> queries = ReadmeQueries.of("skill_catalog");
    assertThat(queries).hasSize(2);
    List<Map<String, Object>> byStandard = ClickHouseQueries.rows(CLICKHOUSE.client(),
        queries.get(0).replace("db.", db + ".") + " ORDER BY m.learner, c.standard FORMAT JSONEachRow");
    assertThat(byStandard).extracting(r -> r.get("learner") + " " + r.get("standard") + " " + r.get("mean_p_known"))
        .containsExactly("ada " + NF_A_1 + " 0.7", "ada " + NF_B_3 + " 0.5",
            "bo " + NF_A_1 + " 0.3", "bo " + NF_B_3 + " 0.3");

    List<Map<String, Object>> unmapped = ClickHouseQueries.rows(CLICKHOUSE.client(),
        queries.get(1).replace("db.", db + ".") + " FORMAT JSONEachRow");
    assertThat(unmapped).extracting(r -> r.get("object_id") + " " + r.get("responses"))
        .containsExactly("act/unknown 2");
  }

  private <T> void write(RowEncoder<T> encoder, List<T> rows) {
    ClickHouseWriter<T> writer = new ClickHouseWriter<>(CLICKHOUSE.client(), CLICKHOUSE.database(), encoder,
        WriterSettings.defaults(), deadLetters::add);
    rows.forEach(writer::write);
    writer.flush();
  }

  private static MasteryUpdate current(String learner, String skill, double pKnown) {
    return MasteryUpdate.newBuilder(TestRows.masteryUpdates(TENANT, learner, skill, 1, 1).get(0))
        .setPKnownAfter(pKnown).setMastered(false).build();
  }

  private static MasteryUpdate tracedAsItself(String statementId, String activity) {
    return MasteryUpdate.newBuilder(current("ada", activity, 0.4)).setStatementId(statementId).build();
  }

  private static LearningEvent response(String id, String activity, List<String> skills) {
    Instant at = Instant.parse("2026-03-02T09:00:00Z");
    return LearningEvent.newBuilder().setStatementId(id).setTenant(TENANT).setLearner("ada")
        .setKind(EventKind.RESPONSE).setVerb("http://adlnet.gov/expapi/verbs/answered").setObjectId(activity)
        .setObjectType("Activity").setSkills(skills).setSuccess(true).setTimestamp(at).setStored(at).build();
  }
}
