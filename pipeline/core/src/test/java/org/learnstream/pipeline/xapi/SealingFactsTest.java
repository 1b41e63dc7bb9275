package org.learnstream.pipeline.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SealingFactsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STORED = "2026-03-02T10:00:00.250Z";

  private static final List<String> STATEMENTS = List.of(
      "{\"actor\":{\"mbox\":\"mailto:ana@school.example\",\"name\":\"Ana\"},\"verb\":{\"id\":\"https://v/x\"},"
          + "\"timestamp\":\"2026-03-01T10:00:00Z\"}",
      "{\"context\":{\"extensions\":{\"https://e/actor\":{\"mbox\":\"mailto:not-the-actor@x.example\"}}},"
          + "\"actor\":{\"account\":{\"homePage\":\"https://lms.example\",\"name\":\"42\"}}}",
      "{\"actor\":{\"objectType\":\"Group\",\"member\":[{\"openid\":\"https://id.example/b\"},"
          + "{\"mbox_sha1sum\":\"ABCDEF0123456789ABCDEF0123456789ABCDEF01\"}]},\"timestamp\":\"not a time\"}",
      "{\"actor\":\"a string is no agent\",\"timestamp\":\"2026-03-01T10:00:00+02:00\"}",
      "{\"actor\":{\"mbox\":\"mailto:ana@school.example\"},\"timestamp\":null}",
      "{\"object\":{\"objectType\":\"SubStatement\",\"actor\":{\"mbox\":\"mailto:sub@x.example\"}},"
          + "\"actor\":{\"mbox\":\"mailto:ana@school.example\"},\"timestamp\":\"2026-03-01T10:00:00.5-05:30\"}");

  @Test
  void theActorAndEventTimeFromTheTreeAreWhatAReaderOfTheStoredBytesFinds() throws Exception {
    for (String statement : STATEMENTS) {
      ObjectNode tree = (ObjectNode) JSON.readTree(statement);

      SealingFacts facts = SealingFacts.of(tree, STORED);

      String stored = JSON.writeValueAsString(tree.put("stored", STORED));
      assertThat(facts.canonicalActor()).as(statement).isEqualTo(ActorIdentifier.canonicalActorOf(stored));
      assertThat(facts.eventTime()).as(statement)
          .isEqualTo(StatementTimestamps.eventTime(stored.getBytes(StandardCharsets.UTF_8), 0L));
      assertThat(facts.otherPeople()).as(statement).isEqualTo(StatementPeople.others(JSON.readTree(stored)));
    }
  }

  @Test
  void theOtherPeopleAreThoseBesideTheActorAndNotAnIdentifierInAnExtension() throws Exception {
    assertThat(SealingFacts.of(JSON.readTree(STATEMENTS.get(5)), STORED).otherPeople())
        .containsExactly("mbox:mailto:sub@x.example");
    assertThat(SealingFacts.of(JSON.readTree(STATEMENTS.get(1)), STORED).otherPeople()).isEmpty();
    assertThat(SealingFacts.of(JSON.readTree(STATEMENTS.get(2)), STORED).otherPeople())
        .containsExactly("openid:https://id.example/b", "mbox_sha1sum:abcdef0123456789abcdef0123456789abcdef01");
  }

  @Test
  void aStatementWithoutAValidTimestampTakesTheStoredTime() {
    ObjectNode untimed = JSON.createObjectNode();
    untimed.putObject("actor").put("mbox", "mailto:ana@school.example");

    assertThat(SealingFacts.of(untimed, STORED).eventTime())
        .isEqualTo(Instant.parse(STORED).toEpochMilli());
  }
}
