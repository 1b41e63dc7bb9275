package org.learnstream.pipeline.xapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.learnstream.pipeline.xapi.TestStatements.minimal;
import static org.learnstream.pipeline.xapi.TestStatements.rules;
import static org.learnstream.pipeline.xapi.TestStatements.validate;
import static org.learnstream.pipeline.xapi.TestStatements.with;
import static org.learnstream.pipeline.xapi.TestStatements.without;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectRulesTest {

  private static final String SUB_STATEMENT = """
      {"objectType": "SubStatement", "actor": {"mbox": "mailto:b@example.com"},
       "verb": {"id": "http://example.com/verbs/will-attend"}, "object": {"id": "http://example.com/meeting/1"}}""";

  @Test
  void rejectsAVerbIdThatIsNotAnIri() {
    assertThat(rules(with(minimal(), "verb.id", "\"answered\""))).containsExactly("verb.id.iri");
  }

  @Test
  void rejectsAVerbWithoutId() {
    assertThat(validate(without(minimal(), "verb.id"))).extracting(Violation::path).containsExactly("$.verb.id");
  }

  @Test
  void rejectsAVerbDisplayKeyedByANonLanguageTag() {
    var violations = validate(with(minimal(), "verb.display", "{\"english\": \"answered\"}"));
    assertThat(violations).extracting(Violation::path, Violation::rule)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("$.verb.display.english", "langmap.tag"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "en-US", "zh-Hant-TW", "cmn", "tlh", "de-CH-1901", "x-private", "sl-rozaj-biske"})
  void acceptsRfc5646LanguageTags(String tag) {
    assertThat(validate(with(minimal(), "verb.display", "{\"" + tag + "\": \"x\"}"))).isEmpty();
  }

  @Test
  void rejectsAnEmptyLanguageMap() {
    assertThat(rules(with(minimal(), "verb.display", "{}"))).containsExactly("langmap.empty");
  }

  @Test
  void rejectsAnActivityIdThatIsNotAnIri() {
    assertThat(rules(with(minimal(), "object.id", "\"should fail\""))).containsExactly("activity.id.iri");
  }

  @Test
  void rejectsAnObjectTypeInTheWrongCase() {
    assertThat(rules(with(minimal(), "object.objectType", "\"activity\""))).containsExactly("objectType.object");
  }

  @Test
  void acceptsAnAgentAsObject() {
    assertThat(validate(with(minimal(), "object", "{\"objectType\": \"Agent\", \"mbox\": \"mailto:c@x.org\"}")))
        .isEmpty();
  }

  @Test
  void acceptsAStatementRefWithANonRfc4122VariantUuid() {
    var statement = with(minimal(), "object", "{\"objectType\": \"StatementRef\","
        + " \"id\": \"12345678-1234-5678-1234-567812345678\"}");
    assertThat(validate(statement)).isEmpty();
  }

  @Test
  void rejectsAStatementRefWhoseIdIsNotAUuid() {
    var statement = with(minimal(), "object", "{\"objectType\": \"StatementRef\","
        + " \"id\": \"AA97B177-9383-4934-8543-0F91A7A028368\"}");
    assertThat(rules(statement)).containsExactly("uuid.format");
  }

  @Test
  void acceptsASubStatement() {
    assertThat(validate(with(minimal(), "object", SUB_STATEMENT))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"id", "stored", "version", "authority"})
  void rejectsASubStatementWithAStatementOnlyProperty(String property) {
    String value = switch (property) {
      case "id" -> "\"6690e6c9-3ef0-4ed3-8b37-7f3964730bee\"";
      case "stored" -> "\"2024-01-01T00:00:00Z\"";
      case "version" -> "\"1.0.3\"";
      default -> "{\"mbox\": \"mailto:lrs@example.com\"}";
    };
    var statement = with(with(minimal(), "object", SUB_STATEMENT), "object." + property, value);
    assertThat(validate(statement)).extracting(Violation::path, Violation::rule)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("$.object." + property, "substatement.property"));
  }

  @Test
  void rejectsANestedSubStatement() {
    var statement = with(with(minimal(), "object", SUB_STATEMENT), "object.object", SUB_STATEMENT);
    assertThat(rules(statement)).containsExactly("substatement.nested");
  }

  @Test
  void acceptsAVoidingStatementWithAStatementRef() {
    var statement = with(with(minimal(), "verb", "{\"id\": \"http://adlnet.gov/expapi/verbs/voided\"}"), "object",
        "{\"objectType\": \"StatementRef\", \"id\": \"e05aa883-acaf-40ad-bf54-02c8ce485fb0\"}");
    assertThat(validate(statement)).isEmpty();
  }

  @Test
  void rejectsTheVoidedVerbWithAnActivityObject() {
    var statement = with(minimal(), "verb", "{\"id\": \"http://adlnet.gov/expapi/verbs/voided\"}");
    assertThat(rules(statement)).containsExactly("voiding.statementref");
  }

  @Test
  void acceptsAChoiceInteractionWithChoices() {
    var statement = with(minimal(), "object.definition", """
        {"type": "http://adlnet.gov/expapi/activities/cmi.interaction", "interactionType": "choice",
         "correctResponsesPattern": ["golf[,]tetris"],
         "choices": [{"id": "golf", "description": {"en-US": "Golf"}}, {"id": "tetris"}]}""");
    assertThat(validate(statement)).isEmpty();
  }

  @Test
  void rejectsAnUnknownInteractionType() {
    assertThat(rules(with(minimal(), "object.definition", "{\"interactionType\": \"compound\"}")))
        .containsExactly("interaction.type");
  }

  @Test
  void rejectsAComponentListThatDoesNotMatchTheInteractionType() {
    var statement = with(minimal(), "object.definition",
        "{\"interactionType\": \"true-false\", \"choices\": [{\"id\": \"a\"}]}");
    assertThat(rules(statement)).containsExactly("interaction.components");
  }

  @Test
  void rejectsACorrectResponsesPatternWithoutInteractionType() {
    assertThat(rules(with(minimal(), "object.definition", "{\"correctResponsesPattern\": [\"true\"]}")))
        .containsExactly("interaction.type-required");
  }

  @Test
  void rejectsACorrectResponsesPatternOfNonStrings() {
    var statement = with(minimal(), "object.definition",
        "{\"interactionType\": \"numeric\", \"correctResponsesPattern\": [4]}");
    assertThat(validate(statement)).extracting(Violation::path)
        .containsExactly("$.object.definition.correctResponsesPattern[0]");
  }

  @Test
  void rejectsRepeatedComponentIds() {
    var statement = with(minimal(), "object.definition",
        "{\"interactionType\": \"likert\", \"scale\": [{\"id\": \"1\"}, {\"id\": \"1\"}]}");
    assertThat(rules(statement)).containsExactly("interaction.component-id-unique");
  }

  @Test
  void rejectsADefinitionTypeThatIsNotAnIri() {
    assertThat(rules(with(minimal(), "object.definition", "{\"type\": \"should error\"}")))
        .containsExactly("definition.type.iri");
  }
}
