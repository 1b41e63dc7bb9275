package org.learnstream.pipeline.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SkillRulesTest {

  private static final String QUIZ_7 = "https://moodle.example/mod/quiz/view.php?id=7";

  @Test
  void aStarStandsForAnyRunOfCharactersAndAPatternWithoutOneMustEqualTheId() {
    SkillRules rules = rules(rule("activity", "https://moodle.example/question/question.php?cmid=7&*", "quiz7"),
        rule("activity", "https://lms.example/*/q/*.html", "middle"),
        rule("activity", "https://lms.example/exact", "exact"));

    assertThat(rules.skillsFor(activity("https://moodle.example/question/question.php?cmid=7&id=12")))
        .containsExactly("quiz7");
    assertThat(rules.skillsFor(activity("https://moodle.example/question/question.php?cmid=70&id=12"))).isEmpty();
    assertThat(rules.skillsFor(activity("https://lms.example/unit1/q/3.html"))).containsExactly("middle");
    assertThat(rules.skillsFor(activity("https://lms.example/unit1/q/3.htm"))).isEmpty();
    assertThat(rules.skillsFor(activity("https://lms.example/exact"))).containsExactly("exact");
    assertThat(rules.skillsFor(activity("https://lms.example/exact/2"))).isEmpty();
  }

  @Test
  void theFirstMatchingRuleInFileOrderWins() {
    SkillRules rules = rules(rule("activity", "https://lms.example/quiz/7/*", "specific"),
        rule("activity", "https://lms.example/*", "general"));

    assertThat(rules.skillsFor(activity("https://lms.example/quiz/7/q1"))).containsExactly("specific");
    assertThat(rules.skillsFor(activity("https://lms.example/quiz/8/q1"))).containsExactly("general");
  }

  @Test
  void aContextRuleMatchesAnyEntryOfItsKindOnly() {
    SkillRules rules = rules(Map.of("context", Map.of("parent", QUIZ_7), "skills", List.of("quiz7")),
        Map.of("context", Map.of("category", "https://frameworks.example/item/*"), "skills", List.of("framework")));
    RuleSubject underQuiz = new RuleSubject("q1", null,
        Map.of("parent", List.of("https://moodle.example/mod/quiz/attempt.php?attempt=1&cmid=7", QUIZ_7)));
    RuleSubject quizOnlyAsGrouping = new RuleSubject("q1", null, Map.of("grouping", List.of(QUIZ_7)));
    RuleSubject tagged = new RuleSubject("q1", null,
        Map.of("category", List.of("https://frameworks.example/item/4.NF.A.1")));

    assertThat(rules.skillsFor(underQuiz)).containsExactly("quiz7");
    assertThat(rules.skillsFor(quizOnlyAsGrouping)).isEmpty();
    assertThat(rules.skillsFor(tagged)).containsExactly("framework");
  }

  @Test
  void everyConditionOfARuleMustHold() {
    SkillRules rules = rules(Map.of("activityType", "http://adlnet.gov/expapi/activities/cmi.interaction",
        "activity", "https://lms.example/*", "skills", List.of("both")));

    assertThat(rules.skillsFor(new RuleSubject("https://lms.example/q1",
        "http://adlnet.gov/expapi/activities/cmi.interaction", Map.of()))).containsExactly("both");
    assertThat(rules.skillsFor(new RuleSubject("https://lms.example/q1",
        "http://adlnet.gov/expapi/activities/question", Map.of()))).isEmpty();
    assertThat(rules.skillsFor(new RuleSubject("https://lms.example/q1", null, Map.of()))).isEmpty();
  }

  @Test
  void aRuleWithoutSkillsIsRefusedNamingTheFileTheRuleAndTheField() {
    assertThatThrownBy(() -> SkillRules.fromTree(Map.of("version", "1", "rules", List.of(
        rule("activity", "https://lms.example/*", "ok"), Map.of("activity", "https://lms.example/q2"))),
        "rules.yaml"))
        .hasMessage("skill rules rules.yaml: rules[1].skills must be a non-empty list of skill ids");
  }

  @Test
  void anUnknownContextKindIsRefusedWithTheKindsThatExist() {
    assertThatThrownBy(() -> SkillRules.fromTree(Map.of("version", "1", "rules", List.of(
        Map.of("context", Map.of("parents", QUIZ_7), "skills", List.of("s")))), "rules.yaml"))
        .hasMessage("skill rules rules.yaml: rules[0].context: unknown kind 'parents'; use parent, grouping, "
            + "category or other");
  }

  @Test
  void aRuleThatWouldMatchEverythingOrNothingIsRefused() {
    assertThatThrownBy(() -> SkillRules.fromTree(Map.of("version", "1", "rules", List.of(
        rule("activity", "*", "s"))), "rules.yaml"))
        .hasMessageStartingWith("skill rules rules.yaml: rules[0].activity must be an id or a pattern");
    assertThatThrownBy(() -> SkillRules.fromTree(Map.of("version", "1", "rules", List.of(
        Map.of("skills", List.of("s")))), "rules.yaml"))
        .hasMessage("skill rules rules.yaml: rules[0]: give at least one of activity, activityType, context, idNumber");
  }

  @Test
  void theFrameworkItemsACategoryCarriesBecomeTheSkillsOfASkillsFromRule() {
    SkillRules rules = rules(Map.of("context", Map.of("category", "https://case.example/uri/*"),
        "skillsFrom", "category"));
    RuleSubject twoItems = new RuleSubject("q1", null, Map.of("category", List.of("https://moodle.example",
        "https://case.example/uri/6.RP.A.1", "https://case.example/uri/6.RP.A.3")));

    assertThat(rules.skillsFor(twoItems)).containsExactly("https://case.example/uri/6.RP.A.1",
        "https://case.example/uri/6.RP.A.3");
    assertThat(rules.skillsFor(activity("q1"))).isEmpty();
  }

  @Test
  void moodleIdNumbersOfTheQuizAreReadFromTheStatementAndMatchedByIdNumberRules() throws Exception {
    SkillRules rules = rules(Map.of("idNumber", "CCSS.*", "skillsFrom", "idNumber"),
        Map.of("idNumber", "fractions-*", "skills", List.of("fractions")));
    String quiz = """
        {"id": "https://moodle.example/mod/quiz/view.php?id=7",
         "definition": {"extensions": {"%s": "%s"}}}""";
    String statement = """
        {"object": {"id": "https://moodle.example/question/question.php?cmid=7&id=3",
                    "definition": {"extensions": {"%s": null}}},
         "context": {"contextActivities": {"parent": [%s, {"id": "https://moodle.example/course/view.php?id=2",
           "definition": {"extensions": {"%s": ""}}}]}}}""";
    String external = RuleSubject.EXTERNAL_ID;

    RuleSubject standard = RuleSubject.ofStatement(statement.formatted(external,
        quiz.formatted(external, "CCSS.Math.Content.6.RP.A.1"), external));
    RuleSubject local = RuleSubject.ofStatement(statement.formatted(external, quiz.formatted(external, "fractions-7"),
        external));

    assertThat(standard.context(RuleSubject.ID_NUMBER)).containsExactly("CCSS.Math.Content.6.RP.A.1");
    assertThat(standard.context("parent")).contains("https://moodle.example/mod/quiz/view.php?id=7");
    assertThat(rules.skillsFor(standard)).containsExactly("CCSS.Math.Content.6.RP.A.1");
    assertThat(rules.skillsFor(local)).containsExactly("fractions");
  }

  @Test
  void skillsFromWithoutTheConditionThatPicksTheIdsIsRefused() {
    assertThatThrownBy(() -> SkillRules.fromTree(Map.of("version", "1", "rules", List.of(
        Map.of("activity", "https://lms.example/*", "skillsFrom", "category"))), "rules.yaml"))
        .hasMessage("skill rules rules.yaml: rules[0].skillsFrom category needs the condition context.category: "
            + "its pattern picks the ids that become skills");
    assertThatThrownBy(() -> SkillRules.fromTree(Map.of("version", "1", "rules", List.of(
        Map.of("idNumber", "A*", "skillsFrom", "idNumbers"))), "rules.yaml"))
        .hasMessage("skill rules rules.yaml: rules[0].skillsFrom must be one of parent, grouping, category, other, "
            + "idNumber, not 'idNumbers'");
  }

  @Test
  void aFileWithoutVersionIsRefused() {
    assertThatThrownBy(() -> SkillRules.fromTree(Map.of("rules", List.of()), "rules.yaml"))
        .hasMessage("skill rules rules.yaml: version must be set, e.g. \"2026-12\"");
  }

  private static RuleSubject activity(String id) {
    return new RuleSubject(id, null, Map.of());
  }

  private static Map<String, Object> rule(String field, String pattern, String skill) {
    return Map.of(field, pattern, "skills", List.of(skill));
  }

  @SafeVarargs
  private static SkillRules rules(Map<String, Object>... rules) {
    return SkillRules.fromTree(Map.of("version", "test", "rules", List.of(rules)), "test.yaml");
  }
}
