package org.learnstream.pipeline.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BadStatementsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<BadStatement> bad = BadStatements.of(CohortSpec.demo());
  private final Map<String, BadStatement> byLabel = bad.stream()
      .collect(Collectors.toMap(BadStatement::label, Function.identity()));

  @Test
  void eachBadStatementNamesItsFieldAndRule() {
    assertThat(bad).hasSizeGreaterThanOrEqualTo(5);
    assertThat(bad).allSatisfy(b -> {
      assertThat(b.field()).isNotBlank();
      assertThat(b.rule()).isNotBlank();
      assertThat(b.tenant()).isEqualTo("demo");
      assertThat(b.actorKey()).startsWith("demo|");
    });
    assertThat(byLabel).containsKeys("truncated JSON", "missing actor", "mbox without mailto:", "score above 1",
        "timestamp not ISO 8601");
  }

  @Test
  void theTruncatedStatementIsNotJson() {
    assertThatThrownBy(() -> JSON.readTree(byLabel.get("truncated JSON").json()))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void eachOtherStatementParsesAndShowsExactlyItsDefect() throws IOException {
    assertThat(tree("missing actor").has("actor")).isFalse();
    String mbox = tree("mbox without mailto:").path("actor").path("mbox").asText();
    assertThat(mbox).contains("@").doesNotStartWith("mailto:");
    assertThat(tree("score above 1").path("result").path("score").path("scaled").asDouble()).isGreaterThan(1.0);
    String timestamp = tree("timestamp not ISO 8601").path("timestamp").asText();
    assertThatThrownBy(() -> Instant.parse(timestamp)).isInstanceOf(DateTimeParseException.class);
    JsonNode actor = tree("two identifiers").path("actor");
    assertThat(actor.has("mbox") && actor.has("account")).isTrue();
    // Everything else about them is still a well-formed statement.
    assertThat(tree("score above 1").path("verb").path("id").asText())
        .isEqualTo("http://adlnet.gov/expapi/verbs/answered");
  }

  @Test
  void badStatementsHaveDistinctIdsAndAreDeterministic() throws IOException {
    Set<String> ids = new HashSet<>();
    for (BadStatement b : bad) {
      if (!b.label().equals("truncated JSON")) {
        ids.add(JSON.readTree(b.json()).path("id").asText());
      }
    }
    assertThat(ids).hasSize(bad.size() - 1);
    assertThat(BadStatements.of(CohortSpec.demo())).isEqualTo(bad);
  }

  private JsonNode tree(String label) throws IOException {
    return JSON.readTree(byLabel.get(label).json());
  }
}
