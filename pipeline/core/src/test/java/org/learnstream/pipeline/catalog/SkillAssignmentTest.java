package org.learnstream.pipeline.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MappedSkill;
import org.learnstream.schemas.SkillMapping;

class SkillAssignmentTest {

  private static final String ACTIVITY = "https://lms.example/activities/q1";
  private static final SkillMapping CATALOG_ENTRY = new SkillMapping(ACTIVITY, "v1", List.of(
      new MappedSkill("equivalence", "Equivalent fractions", List.of("CCSS.MATH.CONTENT.4.NF.A.1")),
      new MappedSkill("adding", null, List.of())));

  @TempDir
  Path dir;

  @Test
  void skillsTheStatementNamesWinOverTheCatalog() {
    var result = SkillAssignment.assign(response(List.of("own-skill")), CATALOG_ENTRY);

    assertThat(result.skills()).containsExactly("own-skill");
    assertThat(result.source()).isEqualTo(SkillAssignment.Source.STATEMENT);
  }

  @Test
  void anActivityInTheCatalogIsEvidenceForItsMappedSkillsInOrder() {
    var result = SkillAssignment.assign(response(List.of(ACTIVITY)), CATALOG_ENTRY);

    assertThat(result.skills()).containsExactly("equivalence", "adding");
    assertThat(result.source()).isEqualTo(SkillAssignment.Source.CATALOG);
  }

  @Test
  void anActivityInNeitherFallsBackToItselfAndIsReportedUnmapped() {
    var unknown = SkillAssignment.assign(response(List.of(ACTIVITY)), null);
    var removed = SkillAssignment.assign(response(List.of(ACTIVITY)), new SkillMapping(ACTIVITY, "v2", List.of()));

    assertThat(unknown.skills()).containsExactly(ACTIVITY);
    assertThat(unknown.source()).isEqualTo(SkillAssignment.Source.UNMAPPED);
    assertThat(removed.source()).isEqualTo(SkillAssignment.Source.UNMAPPED);
  }

  @Test
  void theCatalogWinsOverRulesAndRulesWinOverTheActivityItself() {
    SkillRules rules = SkillRules.fromTree(Map.of("version", "1", "rules", List.of(
        Map.of("activity", "https://lms.example/activities/*", "skills", List.of("ruled")))), "r.yaml");

    var cataloged = SkillAssignment.assign(response(List.of(ACTIVITY)), CATALOG_ENTRY, rules);
    var ruled = SkillAssignment.assign(response(List.of(ACTIVITY)), null, rules);
    var named = SkillAssignment.assign(response(List.of("own-skill")), null, rules);

    assertThat(cataloged.source()).isEqualTo(SkillAssignment.Source.CATALOG);
    assertThat(ruled.skills()).containsExactly("ruled");
    assertThat(ruled.source()).isEqualTo(SkillAssignment.Source.RULE);
    assertThat(named.skills()).containsExactly("own-skill");
  }

  @Test
  void readsACatalogFileIntoOneRecordPerActivity() throws IOException {
    Path file = dir.resolve("catalog.json");
    Files.writeString(file, """
        {"version": "2026-09", "activities": [
          {"activityId": "%s", "skills": [
            {"id": "equivalence", "name": "Equivalent fractions", "standards": ["CCSS.MATH.CONTENT.4.NF.A.1"]},
            {"id": "adding"}]}]}
        """.formatted(ACTIVITY));

    List<SkillMapping> catalog = ContentCatalogFile.read(file);

    assertThat(catalog).containsExactly(new SkillMapping(ACTIVITY, "2026-09", List.of(
        new MappedSkill("equivalence", "Equivalent fractions", List.of("CCSS.MATH.CONTENT.4.NF.A.1")),
        new MappedSkill("adding", null, List.of()))));
  }

  @Test
  void rejectsACatalogEntryWithoutSkillIdNamingTheEntry() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file,
        "{\"version\": \"1\", \"activities\": [{\"activityId\": \"a\", \"skills\": [{\"name\": \"x\"}]}]}");

    assertThatThrownBy(() -> ContentCatalogFile.read(file)).isInstanceOf(IOException.class)
        .hasMessageContaining("activities[0].skills[0].id must be set");
  }

  private static LearningEvent response(List<String> skills) {
    Instant at = Instant.parse("2026-03-02T09:00:00Z");
    return LearningEvent.newBuilder().setStatementId("s1").setTenant("t").setLearner("l")
        .setKind(EventKind.RESPONSE).setVerb("http://adlnet.gov/expapi/verbs/answered").setObjectId(ACTIVITY)
        .setObjectType("Activity").setSkills(skills).setSuccess(true).setTimestamp(at).setStored(at).build();
  }
}
