package org.learnstream.pipeline.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StatementStructureTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> IDENTIFIERS = Set.of("mbox", "mbox_sha1sum", "openid", "account");
  private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
  private static final Pattern DURATION = Pattern.compile("PT\\d+(\\.\\d+)?S");
  private static final String SKILLS = "https://learnstream.org/xapi/extensions/skills";

  @Test
  void everyStatementIsAnXapiStatementWithTheRequiredProperties() throws IOException {
    CohortSpec spec = CohortSpec.demo().withLearners(60).withSections(3).withDays(10);
    long answers = 0;
    long engagements = 0;
    for (SimulatedStatement s : new CohortSimulator(spec).statements().toList()) {
      JsonNode root = JSON.readTree(s.json());
      assertThat(root.path("id").asText()).isEqualTo(s.statementId());
      assertThat(UUID.fromString(s.statementId()).toString()).isEqualTo(s.statementId());

      JsonNode actor = root.path("actor");
      assertThat(actor.path("objectType").asText()).isEqualTo("Agent");
      assertThat(actor.path("name").asText()).isNotBlank();
      List<String> identifiers = IDENTIFIERS.stream().filter(actor::has).toList();
      assertThat(identifiers).containsExactly("mbox");
      assertThat(actor.path("mbox").asText()).isEqualTo("mailto:" + s.learnerEmail());
      assertThat(s.actorKey()).isEqualTo(spec.tenant() + "|mbox:" + actor.path("mbox").asText());

      JsonNode verb = root.path("verb");
      assertThat(verb.path("id").asText()).isEqualTo(s.verb().iri());
      assertThat(verb.path("display").path("en-US").asText()).isEqualTo(s.verb().display());

      JsonNode object = root.path("object");
      assertThat(object.path("objectType").asText()).isEqualTo("Activity");
      assertThat(object.path("id").asText()).startsWith("https://learnstream.example/activities/" + s.skillId() + "/");
      assertThat(object.path("definition").path("type").asText()).startsWith("http://adlnet.gov/expapi/activities/");

      String timestamp = root.path("timestamp").asText();
      assertThat(timestamp).matches(TIMESTAMP);
      assertThat(Instant.parse(timestamp)).isEqualTo(s.timestamp());

      JsonNode context = root.path("context");
      UUID.fromString(context.path("registration").asText());
      assertThat(context.path("contextActivities").path("parent").get(0).path("id").asText())
          .startsWith("https://learnstream.example/" + spec.tenant() + "/sections/");
      assertThat(context.path("contextActivities").path("grouping").get(0).path("id").asText())
          .isEqualTo("https://learnstream.example/" + spec.tenant() + "/courses/maths");
      JsonNode skills = context.path("extensions").path(SKILLS);
      assertThat(skills.isArray()).isTrue();
      assertThat(skills).hasSize(1);
      assertThat(skills.get(0).asText()).isEqualTo(s.skillId());

      if (s.isAnswer()) {
        answers++;
        assertThat(object.path("id").asText()).matches(".*/item-\\d+");
        assertThat(object.path("definition").path("interactionType").asText()).isEqualTo("choice");
        JsonNode result = root.path("result");
        assertThat(result.path("success").isBoolean()).isTrue();
        assertThat(result.path("success").asBoolean()).isEqualTo(s.correct());
        double scaled = result.path("score").path("scaled").asDouble(Double.NaN);
        assertThat(scaled).isBetween(-1.0, 1.0).isEqualTo(s.correct() ? 1.0 : 0.0);
        String duration = result.path("duration").asText();
        assertThat(duration).matches(DURATION);
        assertThat(Duration.parse(duration).toMillis()).isEqualTo(s.durationMillis());
        assertThat(s.attempt()).isPositive();
      } else {
        engagements++;
        assertThat(root.has("result")).isFalse();
      }
    }
    assertThat(answers).isGreaterThan(5000);
    assertThat(engagements).isGreaterThan(100);
  }

  @Test
  void namesWithQuotesAndAccentsStayValidJson() throws IOException {
    SkillSpec odd = SkillSpec.of("fractions.add", "Adding \"proper\" fractions \\ naïve", 0.2, 0.2, 0.2, 0.1);
    CohortSpec spec = CohortSpec.of(3, "school-7", 2, 1, 7).withSkills(List.of(odd));
    SimulatedStatement first = new CohortSimulator(spec).statements().filter(SimulatedStatement::isAnswer).findFirst()
        .orElseThrow();
    JsonNode root = JSON.readTree(first.json());
    assertThat(root.path("object").path("definition").path("name").path("en-US").asText())
        .startsWith("Adding \"proper\" fractions \\ naïve");
    assertThat(new String(first.json(), StandardCharsets.UTF_8)).doesNotContain("\n");
  }
}
