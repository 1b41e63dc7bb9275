package org.learnstream.pipeline.xapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An identifier typed for an erasure names the learner the normaliser pseudonymised, for each kind of identifier. */
class ActorIdentifierTest {

  private static final Pseudonymizer PSEUDONYMS = Pseudonymizer.unkeyed();
  private final StatementNormalizer normalizer = new StatementNormalizer(new StatementValidator(), PSEUDONYMS,
      XapiVersion.V1_0_3);

  @Test
  void eachKindOfIdentifierGivesThePseudonymOfTheStatementsWithThatActor() {
    Map<String, ActorIdentifier> actors = Map.of(
        "{\"mbox\": \"mailto:ann@example.com\"}", ActorIdentifier.mbox("ann@example.com"),
        "{\"mbox_sha1sum\": \"EBD31E95054C018B10727CCFFD2EF2EC3A016EE9\"}",
        ActorIdentifier.mboxSha1sum("ebd31e95054c018b10727ccffd2ef2ec3a016ee9"),
        "{\"openid\": \"https://id.example/ann\"}", ActorIdentifier.openid("https://id.example/ann"),
        "{\"account\": {\"homePage\": \"https://lms.example\", \"name\": \"ann7\"}}",
        ActorIdentifier.account("https://lms.example", "ann7"));
    actors.forEach((actor, identifier) -> {
      ObjectNode statement = TestStatements.minimal();
      statement.set("actor", TestStatements.json(actor));
      var normalized = normalizer.normalize("school-1", statement.toString().getBytes(StandardCharsets.UTF_8), 0L);

      assertThat(normalized).isInstanceOf(StatementNormalizer.Accepted.class);
      assertThat(((StatementNormalizer.Accepted) normalized).event().getLearner()).as(actor)
          .isEqualTo(PSEUDONYMS.learnerId("school-1", identifier.canonical()));
      assertThat(ActorIdentifier.canonicalActorOf(statement.toString())).contains(identifier.canonical());
    });
  }

  @Test
  void aStatementTextMentionsAnAccountOnlyWithBothItsHomePageAndItsName() {
    ActorIdentifier account = ActorIdentifier.account("https://lms.example", "ann7");

    assertThat(account.mentionedIn("{\"homePage\":\"https://LMS.example\",\"name\":\"ann7\"}")).isTrue();
    assertThat(account.mentionedIn("{\"name\":\"ann7\"}")).isFalse();
  }

  @Test
  void aMalformedIdentifierIsRefusedWithTheOptionAndTheRuleButNotEchoed() {
    assertThatThrownBy(() -> ActorIdentifier.mbox("ann.example.com"))
        .hasMessage("--mbox: must be an e-mail address (mailto:name@example.org)");
    assertThatThrownBy(() -> ActorIdentifier.mboxSha1sum("abc")).hasMessageStartingWith("--mbox-sha1sum: must be 40");
    assertThatThrownBy(() -> ActorIdentifier.openid("ann")).hasMessageStartingWith("--openid: must be an absolute IRI");
    assertThatThrownBy(() -> ActorIdentifier.account("https://lms.example", " "))
        .hasMessageStartingWith("--account-name: must not be empty");
  }
}
