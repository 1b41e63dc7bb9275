package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.ingest.Preparation.Ready;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.StatementTimestamps;
import org.learnstream.pipeline.xapi.StatementValidator;
import org.learnstream.pipeline.xapi.XapiVersion;

/**
 * The actor and event time a prepared statement carries for sealing are the ones a reader of its accepted bytes finds
 * (as sealing read them before, with a second parse), for every kind of actor, both xAPI versions, and timestamps with
 * offsets or none.
 */
class PreparedSealingFactsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-03-01T10:15:30.250Z");
  private static final JsonNode AUTHORITY = new TenantCredentials.Principal("school-a", "lms").authority();
  private static final String OBJECT = "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},"
      + "\"object\":{\"id\":\"http://example.com/activities/quiz-1\"}";

  private static final List<String> ACTORS = List.of(
      "{\"mbox\":\"mailto:Ann@Example.com\",\"name\":\"Ann\"}",
      "{\"mbox_sha1sum\":\"ABCDEF0123456789ABCDEF0123456789ABCDEF01\"}",
      "{\"openid\":\"https://id.example.com/ann\"}",
      "{\"account\":{\"homePage\":\"https://lms.example.com\",\"name\":\"learner-42\"}}",
      "{\"objectType\":\"Group\",\"name\":\"Team\",\"mbox\":\"mailto:team@example.com\"}",
      "{\"objectType\":\"Group\",\"member\":[{\"openid\":\"https://id.example.com/b\"},"
          + "{\"mbox\":\"mailto:a@example.com\"},{\"account\":{\"homePage\":\"https://lms.example.com\",\"name\":\"c\"}}]}");

  private static final List<String> TIMESTAMPS = List.of("", ",\"timestamp\":\"2026-02-28T23:30:00+02:00\"",
      ",\"timestamp\":\"2026-03-01T04:00:00.125-05:30\"", ",\"timestamp\":\"2026-03-01T09:00:00Z\"");

  private final StatementBatchPreparer preparer = new StatementBatchPreparer(JSON, new StatementValidator(),
      new IngestLimits(1 << 20, 100), UUID::randomUUID);

  @Test
  void everyKindOfActorAndTimestampGivesTheFactsOfTheAcceptedBytesInBothVersions() {
    for (XapiVersion version : XapiVersion.values()) {
      for (String actor : ACTORS) {
        for (String timestamp : TIMESTAMPS) {
          String statement = "{\"actor\":" + actor + "," + OBJECT + timestamp + "}";
          // alone (one object), in a batch, and with a claimed stored time, which makes the server write it anew
          String withStored = "{\"stored\":\"2020-01-01T00:00:00Z\"," + statement.substring(1);
          for (String body : List.of(statement, "[" + statement + "," + statement + "]", withStored)) {
            for (PreparedStatement p : prepared(version, body)) {
              assertThat(p.facts().canonicalActor()).as(body).isPresent()
                  .isEqualTo(ActorIdentifier.canonicalActorOf(new String(p.json(), StandardCharsets.UTF_8)));
              assertThat(p.facts().eventTime()).as(body)
                  .isEqualTo(StatementTimestamps.eventTime(p.json(), Long.MIN_VALUE + 1));
            }
          }
        }
      }
    }
  }

  @Test
  void anOffsetTimestampIsTheSameInstantAndNoTimestampIsTheStoredTime() {
    String timed = "{\"actor\":" + ACTORS.get(0) + "," + OBJECT + TIMESTAMPS.get(1) + "}";
    String untimed = "{\"actor\":" + ACTORS.get(0) + "," + OBJECT + "}";

    assertThat(prepared(XapiVersion.V2_0_0, timed).get(0).facts().eventTime())
        .isEqualTo(Instant.parse("2026-02-28T21:30:00Z").toEpochMilli());
    assertThat(prepared(XapiVersion.V1_0_3, untimed).get(0).facts().eventTime()).isEqualTo(NOW.toEpochMilli());
    assertThat(prepared(XapiVersion.V1_0_3, untimed).get(0).facts().canonicalActor())
        .contains("mbox:mailto:Ann@Example.com");
  }

  private List<PreparedStatement> prepared(XapiVersion version, String body) {
    Preparation preparation = preparer.preparePost("school-a", AUTHORITY, version,
        body.getBytes(StandardCharsets.UTF_8), NOW);
    assertThat(preparation).as(body).isInstanceOf(Ready.class);
    return ((Ready) preparation).statements();
  }
}
