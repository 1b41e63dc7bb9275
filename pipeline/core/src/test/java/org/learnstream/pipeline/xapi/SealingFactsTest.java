package org.learnstream.pipeline.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SealingFactsTest {

  private static final long RECEIVED = 1_700_000_000_000L;

  private static final List<String> STATEMENTS = List.of(
      "{\"actor\":{\"mbox\":\"mailto:ana@school.example\",\"name\":\"Ana\"},\"verb\":{\"id\":\"https://v/x\"},"
          + "\"timestamp\":\"2026-03-01T10:00:00Z\",\"stored\":\"2026-03-02T10:00:00Z\"}",
      "{\"context\":{\"extensions\":{\"https://e/actor\":{\"mbox\":\"mailto:not-the-actor@x.example\"}}},"
          + "\"stored\":\"2026-03-02T10:00:00.250Z\",\"actor\":{\"account\":{\"homePage\":\"https://lms.example\","
          + "\"name\":\"42\"}}}",
      "{\"actor\":{\"objectType\":\"Group\",\"member\":[{\"openid\":\"https://id.example/b\"},"
          + "{\"mbox_sha1sum\":\"ABCDEF0123456789ABCDEF0123456789ABCDEF01\"}]},\"timestamp\":\"not a time\"}",
      "{\"actor\":\"a string is no agent\",\"timestamp\":\"2026-03-01T10:00:00+02:00\"}",
      "[{\"actor\":{\"mbox\":\"mailto:ana@school.example\"}}]",
      "{\"actor\":{\"mbox\":\"mailto:ana@school.example\"}, \"timestamp\": ",
      "");

  @Test
  void theActorAndEventTimeAgreeWithReadingTheWholeStatementForEachKindOfInput() {
    for (String statement : STATEMENTS) {
      byte[] json = statement.getBytes(StandardCharsets.UTF_8);

      SealingFacts facts = SealingFacts.of(json, RECEIVED);

      assertThat(facts.canonicalActor()).as(statement).isEqualTo(ActorIdentifier.canonicalActorOf(statement));
      assertThat(facts.eventTime()).as(statement).isEqualTo(StatementTimestamps.eventTime(json, RECEIVED));
    }
  }

  @Test
  void anActorNestedInsideAnotherMemberIsNotTakenForTheStatementsActor() {
    byte[] json = ("{\"object\":{\"objectType\":\"SubStatement\",\"actor\":{\"mbox\":\"mailto:sub@x.example\"}},"
        + "\"actor\":{\"mbox\":\"mailto:ana@school.example\"}}").getBytes(StandardCharsets.UTF_8);

    assertThat(SealingFacts.of(json, RECEIVED).canonicalActor()).contains("mbox:mailto:ana@school.example");
    assertThat(SealingFacts.of(json, RECEIVED).eventTime()).isEqualTo(RECEIVED);
  }
}
