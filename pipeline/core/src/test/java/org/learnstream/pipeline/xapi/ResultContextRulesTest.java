package org.learnstream.pipeline.xapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.learnstream.pipeline.xapi.TestStatements.minimal;
import static org.learnstream.pipeline.xapi.TestStatements.rules;
import static org.learnstream.pipeline.xapi.TestStatements.validate;
import static org.learnstream.pipeline.xapi.TestStatements.with;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResultContextRulesTest {

  @Test
  void acceptsAFullResult() {
    var statement = with(minimal(), "result",
        """
            {"score": {"scaled": 0.95, "raw": 95, "min": 0, "max": 100}, "success": true, "completion": true,
             "response": "golf", "duration": "PT1M30.5S", "extensions": {"http://example.com/ext/a": {"any": [1, null]}}}""");
    assertThat(validate(statement)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.01", "-1.00001"})
  void rejectsAScaledScoreOutsideMinusOneToOne(String scaled) {
    var violations = validate(with(minimal(), "result.score.scaled", scaled));
    assertThat(violations).extracting(Violation::path, Violation::rule)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("$.result.score.scaled", "score.scaled.range"));
  }

  @Test
  void rejectsARawScoreAboveMax() {
    assertThat(rules(with(minimal(), "result.score", "{\"raw\": 110, \"min\": 0, \"max\": 100}")))
        .containsExactly("score.raw.range");
  }

  @Test
  void rejectsAMinThatIsNotBelowMax() {
    assertThat(rules(with(minimal(), "result.score", "{\"min\": 5, \"max\": 5}"))).containsExactly("score.min-max");
  }

  @Test
  void rejectsASuccessGivenAsAString() {
    assertThat(rules(with(minimal(), "result.success", "\"true\""))).containsExactly("type.boolean");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT1H0M0S", "P3Y1M29DT4H35M59.14S", "P2W", "PT0.5S", "P1D"})
  void acceptsIso8601Durations(String duration) {
    assertThat(validate(with(minimal(), "result.duration", "\"" + duration + "\""))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"P4W1D", "PA1H0M0S", "P", "PT", "1H", "should fail"})
  void rejectsMalformedDurations(String duration) {
    assertThat(rules(with(minimal(), "result.duration", "\"" + duration + "\""))).containsExactly("duration.iso8601");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2013-05-18T05:32:34.804Z", "2013-05-18T05:32:34+02:00", "2013-05-18T05:32:34.1-0500",
      "2013-05-18T05:32Z", "2013-05-18T05:32:34.123456789+05"})
  void acceptsTimestampsWithAnyOffset(String timestamp) {
    assertThat(validate(with(minimal(), "timestamp", "\"" + timestamp + "\""))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2008-09-15T15:53:00.601-00:00", "2008-09-15T15:53:00.601-0000", "2008-09-15T15:53:00",
      "2008-02-30T10:00:00Z", "2008-09-15 15:53:00Z", "should fail"})
  void rejectsTimestampsWithoutAKnownOffsetOrWithBadFields(String timestamp) {
    assertThat(rules(with(minimal(), "timestamp", "\"" + timestamp + "\""))).containsExactly("timestamp.iso8601");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1969-12-31T23:59:59Z", "2106-02-07T06:28:16Z", "9999-12-31T23:59:59Z"})
  void rejectsTimestampsOutsideTheTimesTheTablesCanHold(String timestamp) {
    assertThat(rules(with(minimal(), "timestamp", "\"" + timestamp + "\""))).containsExactly("timestamp.range");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1970-01-01T00:00:00Z", "2106-02-07T06:28:15Z"})
  void acceptsTheFirstAndLastTimesTheTablesCanHold(String timestamp) {
    assertThat(validate(with(minimal(), "timestamp", "\"" + timestamp + "\""))).isEmpty();
  }

  @Test
  void rejectsAStatementIdThatIsNotAUuid() {
    assertThat(rules(with(minimal(), "id", "\"MA97B177-9383-4934-8543-0F91A7A02836\""))).containsExactly("uuid.format");
  }

  @Test
  void acceptsAFullContext() {
    var statement = with(minimal(), "context", """
        {"registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
         "instructor": {"mbox": "mailto:teacher@example.com"},
         "team": {"objectType": "Group", "member": [{"mbox": "mailto:a@example.com"}]},
         "contextActivities": {"parent": {"id": "http://example.com/quiz/1"},
                               "grouping": [{"id": "http://example.com/course/algebra"}],
                               "category": [{"id": "http://example.com/profile", "objectType": "Activity"}]},
         "revision": "r2", "platform": "Quiz tool", "language": "en-GB",
         "statement": {"objectType": "StatementRef", "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"},
         "extensions": {"https://learnstream.org/xapi/extensions/skills": ["fractions"]}}""");
    assertThat(validate(statement)).isEmpty();
  }

  @Test
  void rejectsRevisionWhenTheObjectIsNotAnActivity() {
    var statement = with(with(minimal(), "object", "{\"objectType\": \"Agent\", \"mbox\": \"mailto:c@x.org\"}"),
        "context.revision", "\"r2\"");
    assertThat(rules(statement)).containsExactly("context.revision-activity-only");
  }

  @Test
  void rejectsPlatformWhenTheObjectIsAStatementRef() {
    var statement = with(with(minimal(), "object", "{\"objectType\": \"StatementRef\","
        + " \"id\": \"6690e6c9-3ef0-4ed3-8b37-7f3964730bee\"}"), "context.platform", "\"LMS\"");
    assertThat(rules(statement)).containsExactly("context.platform-activity-only");
  }

  @Test
  void rejectsATeamThatIsAnAgent() {
    assertThat(rules(with(minimal(), "context.team", "{\"mbox\": \"mailto:a@x.org\"}")))
        .containsExactly("objectType.group");
  }

  @Test
  void rejectsContextActivitiesGivenAsAString() {
    assertThat(rules(with(minimal(), "context.contextActivities.parent", "\"http://example.com/quiz\"")))
        .containsExactly("context.activities-type");
  }

  @Test
  void rejectsAContextLanguageThatIsNotATag() {
    assertThat(rules(with(minimal(), "context.language", "\"something\""))).containsExactly("langmap.tag");
  }

  @Test
  void rejectsAContextStatementWithoutStatementRefType() {
    assertThat(rules(with(minimal(), "context.statement", "{\"id\": \"6690e6c9-3ef0-4ed3-8b37-7f3964730bee\"}")))
        .containsExactly("statementref.type");
  }

  @Test
  void rejectsAnExtensionKeyThatIsNotAnIri() {
    assertThat(rules(with(minimal(), "result.extensions", "{\"score-detail\": 1}")))
        .containsExactly("extensions.key-iri");
  }

  @Test
  void rejectsExtensionsLargerThanTheLimit() {
    var validator = new StatementValidator(new ValidationLimits(65_536, 100, 10));
    var statement = with(minimal(), "context.extensions", "{\"http://example.com/x\": \"" + "a".repeat(200) + "\"}");
    assertThat(validator.validate(statement, XapiVersion.V1_0_3, "$")).extracting(Violation::rule)
        .containsExactly("extensions.too-large");
  }

  @Test
  void rejectsAStringLongerThanTheLimit() {
    var validator = new StatementValidator(new ValidationLimits(45, 1000, 10));
    var statement = with(minimal(), "result.response", "\"" + "a".repeat(46) + "\"");
    assertThat(validator.validate(statement, XapiVersion.V1_0_3, "$")).extracting(Violation::rule)
        .containsExactly("string.too-long");
  }

  @Test
  void acceptsAValidAttachment() {
    var statement = with(minimal(), "attachments", """
        [{"usageType": "http://adlnet.gov/expapi/attachments/signature", "display": {"en-US": "Signature"},
          "contentType": "application/octet-stream", "length": 4235,
          "sha2": "672fa5fa658017f1b72d65036f13379c6ab05d4ab3b6664908d8acf0b6a0c634",
          "fileUrl": "http://example.com/files/sig"}]""");
    assertThat(validate(statement)).isEmpty();
  }

  @Test
  void rejectsAnAttachmentWithoutSha2AndWithTextLength() {
    var statement = with(minimal(), "attachments", """
        [{"usageType": "http://example.com/usage", "display": {"en-US": "x"}, "contentType": "text/plain",
          "length": "27"}]""");
    assertThat(validate(statement)).extracting(Violation::path, Violation::rule).containsExactly(
        org.assertj.core.groups.Tuple.tuple("$.attachments[0].length", "attachment.length"),
        org.assertj.core.groups.Tuple.tuple("$.attachments[0].sha2", "property.required"));
  }

  @Test
  void rejectsAnUnknownPropertyAtAnyLevel() {
    assertThat(validate(with(minimal(), "result.score.percent", "95"))).extracting(Violation::path, Violation::rule)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("$.result.score.percent", "property.unknown"));
  }

  @Test
  void rejectsAPropertyNameInTheWrongCase() {
    assertThat(validate(with(minimal(), "conText", "{}"))).extracting(Violation::path).containsExactly("$.conText");
  }

  @Test
  void rejectsNullValues() {
    assertThat(rules(with(minimal(), "context.registration", "null"))).containsExactly("type.string");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0", "1.0.0", "1.0.3", "1.0.9"})
  void acceptsVersionsOneDotZero(String version) {
    assertThat(validate(with(minimal(), "version", "\"" + version + "\""))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.9.9", "1.1.0", "2.0.0"})
  void rejectsOtherVersionsUnderXapi103(String version) {
    assertThat(rules(with(minimal(), "version", "\"" + version + "\""))).containsExactly("version.format");
  }

  @Test
  void acceptsVersionTwoAndContextAgentsUnderXapi200() {
    var statement = with(with(minimal(), "version", "\"2.0.0\""), "context.contextAgents", """
        [{"objectType": "contextAgent", "agent": {"mbox": "mailto:peer@example.com"},
          "relevantTypes": ["http://example.com/types/peer"]}]""");
    assertThat(new StatementValidator().validate(statement, XapiVersion.V2_0_0, "$")).isEmpty();
    assertThat(new StatementValidator().validate(statement, XapiVersion.V1_0_3, "$")).extracting(Violation::rule)
        .containsExactlyInAnyOrder("version.format", "property.unknown");
  }
}
