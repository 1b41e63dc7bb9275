package org.learnstream.pipeline.xapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.learnstream.pipeline.xapi.TestStatements.minimal;
import static org.learnstream.pipeline.xapi.TestStatements.rules;
import static org.learnstream.pipeline.xapi.TestStatements.validate;
import static org.learnstream.pipeline.xapi.TestStatements.with;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentRulesTest {

  @Test
  void acceptsTheMinimalStatement() {
    assertThat(validate(minimal())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"mbox\": \"mailto:a@example.com\"}",
      "{\"mbox_sha1sum\": \"cd9b00a5611f94eaa7b1661edab976068e364975\"}",
      "{\"openid\": \"http://openid.example.org/12345\"}",
      "{\"account\": {\"homePage\": \"https://lms.example.com\", \"name\": \"u-17\"}}"})
  void acceptsAnAgentWithAnyOneIdentifier(String actor) {
    assertThat(validate(with(minimal(), "actor", actor))).isEmpty();
  }

  @Test
  void rejectsAStatementWithTwoIdentifiers() {
    var statement = with(minimal(), "actor",
        "{\"mbox\": \"mailto:a@example.com\", \"openid\": \"http://o.example/1\"}");
    assertThat(validate(statement)).singleElement().satisfies(v -> {
      assertThat(v.path()).isEqualTo("$.actor");
      assertThat(v.rule()).isEqualTo("ifi.exactly-one");
    });
  }

  @Test
  void rejectsAnAgentWithoutIdentifier() {
    assertThat(rules(with(minimal(), "actor", "{\"name\": \"Ann\"}"))).containsExactly("ifi.exactly-one");
  }

  @Test
  void rejectsAnMboxThatIsNotAMailtoIri() {
    var violations = validate(with(minimal(), "actor.mbox", "\"ann@example.com\""));
    assertThat(violations).singleElement().satisfies(v -> {
      assertThat(v.describe()).startsWith("$.actor.mbox: must be a mailto: IRI").endsWith("(rule mbox.mailto)");
    });
  }

  @Test
  void rejectsAMailtoWithoutAnAddress() {
    assertThat(rules(with(minimal(), "actor.mbox", "\"mailto:should.fail.com\""))).containsExactly("mbox.mailto");
  }

  @Test
  void rejectsAnMboxSha1sumThatIsNotFortyHexDigits() {
    var statement = with(minimal(), "actor", "{\"mbox_sha1sum\": \"cd9b00a5611f94eaa7b1661edab97606\"}");
    assertThat(rules(statement)).containsExactly("mbox_sha1sum.hex");
  }

  @Test
  void rejectsAnAccountWithoutName() {
    var statement = with(minimal(), "actor", "{\"account\": {\"homePage\": \"https://lms.example.com\"}}");
    assertThat(validate(statement)).extracting(Violation::path, Violation::rule)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("$.actor.account.name", "property.required"));
  }

  @Test
  void rejectsAnAccountWhoseHomePageIsNotAnIrl() {
    var statement = with(minimal(), "actor", "{\"account\": {\"homePage\": \"ab=c://x\", \"name\": \"n\"}}");
    assertThat(rules(statement)).containsExactly("account.homePage.iri");
  }

  @Test
  void rejectsAnActorObjectTypeInTheWrongCase() {
    assertThat(rules(with(minimal(), "actor.objectType", "\"agent\""))).containsExactly("objectType.agent-or-group");
  }

  @Test
  void acceptsAnAnonymousGroupWithMembers() {
    var statement = with(minimal(), "actor", "{\"objectType\": \"Group\", \"member\": [{\"mbox\": \"mailto:a@x.org\"},"
        + " {\"account\": {\"homePage\": \"https://lms.x.org\", \"name\": \"b\"}}]}");
    assertThat(validate(statement)).isEmpty();
  }

  @Test
  void acceptsAnIdentifiedGroupWithoutMembers() {
    var statement = with(minimal(), "actor", "{\"objectType\": \"Group\", \"mbox\": \"mailto:team@x.org\"}");
    assertThat(validate(statement)).isEmpty();
  }

  @Test
  void rejectsAnAnonymousGroupWithoutMembers() {
    var statement = with(minimal(), "actor", "{\"objectType\": \"Group\", \"name\": \"Team\"}");
    assertThat(rules(statement)).containsExactly("group.member-required");
  }

  @Test
  void rejectsAGroupMemberThatIsAGroup() {
    var statement = with(minimal(), "actor", "{\"objectType\": \"Group\", \"member\": [{\"objectType\": \"Group\","
        + " \"mbox\": \"mailto:g@x.org\"}]}");
    assertThat(validate(statement)).extracting(Violation::path).containsExactly("$.actor.member[0].objectType");
  }

  @Test
  void rejectsAGroupMemberWithoutIdentifier() {
    var statement = with(minimal(), "actor", "{\"objectType\": \"Group\", \"member\": [{\"name\": \"x\"}]}");
    assertThat(validate(statement)).extracting(Violation::path, Violation::rule)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("$.actor.member[0]", "ifi.exactly-one"));
  }

  @Test
  void acceptsAnAuthorityGroupOfTwoAgents() {
    var statement = with(minimal(), "authority", "{\"objectType\": \"Group\", \"member\": ["
        + "{\"account\": {\"homePage\": \"http://example.com/xAPI/OAuth/Token\", \"name\": \"oauth_consumer_x75db\"}},"
        + "{\"mbox\": \"mailto:bob@example.com\"}]}");
    assertThat(validate(statement)).isEmpty();
  }

  @Test
  void rejectsAnAuthorityGroupOfThreeAgents() {
    var statement = with(minimal(), "authority", "{\"objectType\": \"Group\", \"member\": ["
        + "{\"mbox\": \"mailto:a@x.org\"}, {\"mbox\": \"mailto:b@x.org\"}, {\"mbox\": \"mailto:c@x.org\"}]}");
    assertThat(rules(statement)).containsExactly("authority.group");
  }

  @Test
  void rejectsANameThatIsNotAString() {
    assertThat(rules(with(minimal(), "actor.name", "42"))).containsExactly("type.string");
  }
}
