package org.learnstream.pipeline.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonPathTest {

  @Test
  void writesMembersWithDotsAndIndexesInBrackets() {
    JsonPath path = JsonPath.root("$").key("context").key("contextActivities").key("parent").index(0).key("id");

    assertThat(path).hasToString("$.context.contextActivities.parent[0].id");
  }

  @Test
  void keepsTheRootTextAsGiven() {
    assertThat(JsonPath.root("$[3]").key("actor").index(12)).hasToString("$[3].actor[12]");
    assertThat(JsonPath.root("$")).hasToString("$");
  }

  @Test
  void leavesTheParentUnchangedWhenAStepIsAdded() {
    JsonPath actor = JsonPath.root("$").key("actor");
    actor.key("mbox");
    actor.index(1);

    assertThat(actor).hasToString("$.actor");
  }

  @Test
  void namesTheFullPathOfADeeplyNestedViolationUnderAPrefix() {
    var statement = TestStatements.with(TestStatements.minimal(), "context.instructor",
        "{\"objectType\":\"Group\",\"member\":[{\"mbox\":\"mailto:a@example.com\"},{\"mbox\":\"nope\"}]}");

    var violations = new StatementValidator().validate(statement, XapiVersion.V1_0_3, "$[7]");

    assertThat(violations).extracting(Violation::path, Violation::rule)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("$[7].context.instructor.member[1].mbox", "mbox.mailto"));
  }
}
