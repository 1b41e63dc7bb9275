package org.learnstream.pipeline.xapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.learnstream.pipeline.xapi.TestStatements.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;

class BatchAndVersionTest {

  private final StatementValidator validator = new StatementValidator();

  @Test
  void mapsVersionHeadersToKnownVersions() {
    assertThat(XapiVersion.fromHeader("1.0")).contains(XapiVersion.V1_0_3);
    assertThat(XapiVersion.fromHeader("1.0.0")).contains(XapiVersion.V1_0_3);
    assertThat(XapiVersion.fromHeader("1.0.3")).contains(XapiVersion.V1_0_3);
    assertThat(XapiVersion.fromHeader("2.0.0")).contains(XapiVersion.V2_0_0);
    assertThat(XapiVersion.fromHeader("0.95")).isEmpty();
    assertThat(XapiVersion.fromHeader(null)).isEmpty();
  }

  @Test
  void reportsPathsWithTheBatchIndex() {
    ArrayNode batch = TestStatements.MAPPER.createArrayNode();
    batch.add(TestStatements.minimal());
    batch.add(TestStatements.with(TestStatements.minimal(), "result.score.scaled", "3"));
    assertThat(validator.validateBatch(batch, XapiVersion.V1_0_3)).extracting(Violation::path)
        .containsExactly("$[1].result.score.scaled");
  }

  @Test
  void rejectsABatchThatRepeatsAStatementId() {
    ArrayNode batch = TestStatements.MAPPER.createArrayNode();
    batch.add(TestStatements.with(TestStatements.minimal(), "id", "\"6690e6c9-3ef0-4ed3-8b37-7f3964730bee\""));
    batch.add(TestStatements.with(TestStatements.minimal(), "id", "\"6690E6C9-3EF0-4ED3-8B37-7F3964730BEE\""));
    assertThat(validator.validateBatch(batch, XapiVersion.V1_0_3)).extracting(Violation::path, Violation::rule)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("$[1].id", "id.duplicate-in-batch"));
  }

  @Test
  void rejectsABatchLargerThanTheLimit() {
    ArrayNode batch = TestStatements.MAPPER.createArrayNode();
    for (int i = 0; i < 3; i++) {
      batch.add(TestStatements.minimal());
    }
    var small = new StatementValidator(new ValidationLimits(100, 100, 2));
    assertThat(small.validateBatch(batch, XapiVersion.V1_0_3)).extracting(Violation::rule)
        .containsExactly("batch.too-large");
  }

  @Test
  void validatesASingleStatementBodyLikeValidate() {
    assertThat(validator.validateBatch(json("\"not a statement\""), XapiVersion.V1_0_3)).extracting(Violation::rule)
        .containsExactly("type.object");
  }

  private static final String CONTEXT_AGENTS = """
      [{"objectType": "contextAgent", "agent": {"mbox": "mailto:peer@example.com"},
        "relevantTypes": ["http://example.com/types/peer"]}]""";

  @Test
  void aTwoDotZeroRequestHoldsAStatementDeclaringOneDotZeroToTheOneDotZeroRules() {
    var statement = TestStatements.with(TestStatements.with(TestStatements.minimal(), "version", "\"1.0.3\""),
        "context.contextAgents", CONTEXT_AGENTS);
    assertThat(validator.validate(statement, XapiVersion.V2_0_0, "$")).extracting(Violation::path, Violation::rule)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("$.context.contextAgents", "property.unknown"));
    assertThat(validator.validate(TestStatements.with(TestStatements.minimal(), "version", "\"1.0.3\""),
        XapiVersion.V2_0_0, "$")).isEmpty();
  }

  @Test
  void aTwoDotZeroRequestHoldsAStatementWithoutVersionToTheTwoDotZeroRules() {
    var statement = TestStatements.with(TestStatements.minimal(), "context.contextAgents", CONTEXT_AGENTS);
    assertThat(validator.validate(statement, XapiVersion.V2_0_0, "$")).isEmpty();
    assertThat(validator.validate(statement, XapiVersion.V1_0_3, "$")).extracting(Violation::rule)
        .containsExactly("property.unknown");
  }

  @Test
  void withoutARequestTheDeclaredVersionChoosesTheRules() {
    assertThat(XapiVersion.declaredBy(json("{\"version\": \"2.0.0\"}"), XapiVersion.V1_0_3))
        .isEqualTo(XapiVersion.V2_0_0);
    assertThat(XapiVersion.declaredBy(json("{\"version\": \"2.0\"}"), XapiVersion.V1_0_3))
        .isEqualTo(XapiVersion.V2_0_0);
    assertThat(XapiVersion.declaredBy(json("{\"version\": \"1.0.3\"}"), XapiVersion.V2_0_0))
        .isEqualTo(XapiVersion.V1_0_3);
    assertThat(XapiVersion.declaredBy(json("{\"version\": \"3.0.0\"}"), XapiVersion.V2_0_0))
        .isEqualTo(XapiVersion.V1_0_3);
    assertThat(XapiVersion.declaredBy(json("{}"), XapiVersion.V1_0_3)).isEqualTo(XapiVersion.V1_0_3);
    assertThat(XapiVersion.declaredBy(json("{}"), XapiVersion.V2_0_0)).isEqualTo(XapiVersion.V2_0_0);
  }
}
