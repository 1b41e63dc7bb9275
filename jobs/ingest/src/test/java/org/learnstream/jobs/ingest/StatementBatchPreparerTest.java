package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.ingest.Preparation.Ready;
import org.learnstream.jobs.ingest.Preparation.Refused;
import org.learnstream.pipeline.xapi.StatementSize;
import org.learnstream.pipeline.xapi.StatementValidator;
import org.learnstream.pipeline.xapi.XapiVersion;

class StatementBatchPreparerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-03-01T10:15:30.250Z");
  private static final UUID FIXED = UUID.fromString("8f87ccde-bb56-4c2e-ab83-44982ef22df0");
  private static final JsonNode AUTHORITY = new TenantCredentials.Principal("school-a", "lms").authority();

  private final StatementBatchPreparer preparer = new StatementBatchPreparer(JSON, new StatementValidator(),
      new IngestLimits(4096, 3), () -> FIXED);

  static String statement(String mbox, String verb) {
    return """
        {"actor":{"mbox":"mailto:%s"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/%s","display":{"en-US":"%s"}},
         "object":{"id":"http://example.com/activities/quiz-1"}}""".formatted(mbox, verb, verb);
  }

  private Preparation post(String body) {
    return preparer.preparePost("school-a", AUTHORITY, XapiVersion.V1_0_3, body.getBytes(StandardCharsets.UTF_8), NOW);
  }

  /** As the server posts with its default limits (an 8 MiB body, 1,000 statements). */
  private static Preparation postWithDefaultLimits(String body) {
    return new StatementBatchPreparer(new StatementValidator(), IngestLimits.defaults()).preparePost("school-a",
        AUTHORITY, XapiVersion.V1_0_3, body.getBytes(StandardCharsets.UTF_8), NOW);
  }

  private static JsonNode tree(PreparedStatement s) throws Exception {
    return JSON.readTree(s.json());
  }

  @Test
  void assignsAnIdStoredAuthorityTimestampAndVersionToAStatementThatLacksThem() throws Exception {
    Ready ready = (Ready) post(statement("Ann@Example.com", "answered"));

    JsonNode s = tree(ready.statements().get(0));
    assertThat(s.get("id").asText()).isEqualTo("8f87ccde-bb56-4c2e-ab83-44982ef22df0");
    assertThat(s.get("stored").asText()).isEqualTo("2026-03-01T10:15:30.250Z");
    assertThat(s.get("timestamp").asText()).isEqualTo("2026-03-01T10:15:30.250Z");
    assertThat(s.get("version").asText()).isEqualTo("1.0.0");
    assertThat(s.at("/authority/account/name").asText()).isEqualTo("lms");
    assertThat(s.at("/authority/account/homePage").asText()).endsWith("/school-a");
    assertThat(ready.statements().get(0).idFromClient()).isFalse();
  }

  @Test
  void keepsTheClientsIdAndTimestampButOverwritesAClaimedAuthority() throws Exception {
    String body = """
        {"id":"A1B2C3D4-0000-4000-8000-000000000001","timestamp":"2025-01-02T03:04:05Z",
         "authority":{"mbox":"mailto:someone-else@example.com"},
         "actor":{"mbox":"mailto:ann@example.com"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/answered"},
         "object":{"id":"http://example.com/activities/quiz-1"}}""";

    PreparedStatement p = ((Ready) post(body)).statements().get(0);

    JsonNode s = tree(p);
    assertThat(p.id()).isEqualTo("a1b2c3d4-0000-4000-8000-000000000001");
    assertThat(p.idFromClient()).isTrue();
    assertThat(s.get("timestamp").asText()).isEqualTo("2025-01-02T03:04:05Z");
    assertThat(s.at("/authority/account/name").asText()).isEqualTo("lms");
  }

  @Test
  void aStatementOverTheSizeTheEventLogCanCarryIs413NamingItAndTheRequestIsRefused() {
    // 600,000 characters in three extensions objects, each within the validator's 256 KiB for one
    String large = statement("ann@example.com", "answered").replace("\"object\":{",
        "\"result\":{\"extensions\":{" + extensionsOf(4, 60_000) + "}},\"context\":{\"extensions\":{"
            + extensionsOf(4, 60_000) + "}},\"object\":{\"definition\":{\"extensions\":{" + extensionsOf(2, 60_000)
            + "}},");

    Preparation refused = postWithDefaultLimits("[" + statement("bo@example.com", "answered") + "," + large + "]");

    assertThat(refused).isInstanceOfSatisfying(Preparation.Refused.class, r -> {
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.violations()).singleElement().satisfies(v -> {
        assertThat(v.path()).isEqualTo("$[1]");
        assertThat(v.rule()).isEqualTo(StatementSize.RULE);
      });
    });
    assertThat(postWithDefaultLimits("[" + statement("bo@example.com", "answered") + "]")).isInstanceOf(Ready.class);
  }

  @Test
  void aStatementNamingMorePeopleThanItCanBeSealedUnderIs413() {
    StringBuilder members = new StringBuilder();
    for (int i = 0; i <= StatementSize.MAX_PEOPLE; i++) {
      members.append(i == 0 ? "" : ",").append("{\"mbox\":\"mailto:m").append(i).append("@example.com\"}");
    }
    String team = statement("ann@example.com", "answered").replace("\"object\":{",
        "\"context\":{\"team\":{\"objectType\":\"Group\",\"member\":[" + members + "]}},\"object\":{");

    Preparation refused = postWithDefaultLimits(team);

    assertThat(refused).isInstanceOfSatisfying(Preparation.Refused.class, r -> {
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.violations()).singleElement().satisfies(v -> {
        assertThat(v.path()).isEqualTo("$");
        assertThat(v.message()).contains("names " + (StatementSize.MAX_PEOPLE + 1) + " people");
      });
    });
  }

  /** {@code n} extensions of {@code chars} characters each, as JSON members. */
  private static String extensionsOf(int n, int chars) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      out.append(i == 0 ? "" : ",").append("\"http://example.com/ext/").append(i).append("\":\"")
          .append("x".repeat(chars)).append('"');
    }
    return out.toString();
  }

  @Test
  void keysEveryRecordByTenantAndTheCanonicalActorIdentifier() {
    PreparedStatement p = ((Ready) post(statement("Ann@Example.com", "answered"))).statements().get(0);

    assertThat(p.key()).isEqualTo("school-a|mbox:mailto:ann@example.com");
  }

  @Test
  void preparesEveryStatementOfAnArrayInOrder() {
    Ready ready = (Ready) post("[" + statement("a@example.com", "answered") + ","
        + statement("b@example.com", "completed") + "]");

    assertThat(ready.statements()).extracting(PreparedStatement::key)
        .containsExactly("school-a|mbox:mailto:a@example.com", "school-a|mbox:mailto:b@example.com");
  }

  @Test
  void refusesTheWholeBatchWhenOneStatementIsInvalidAndNamesItsPathAndRule() {
    Preparation p = post("[" + statement("a@example.com", "answered") + ","
        + statement("b@example.com", "completed").replace("mailto:b@example.com", "b@example.com") + "]");

    Refused refused = (Refused) p;
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.violations()).isNotEmpty()
        .allSatisfy(v -> assertThat(v.path()).startsWith("$[1].actor.mbox"));
    assertThat(refused.violations().get(0).rule()).isNotBlank();
  }

  @Test
  void refusesABodyThatIsNotJsonWithTheJsonSyntaxRule() {
    Refused refused = (Refused) post("{\"actor\":");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.violations().get(0).rule()).isEqualTo("json.syntax");
  }

  @Test
  void refusesABatchFollowedByAnythingButWhitespaceWithTheJsonSyntaxRule() {
    Refused refused = (Refused) post("[" + statement("a@example.com", "completed") + "] []");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.violations().get(0).rule()).isEqualTo("json.syntax");
    assertThat(post("[" + statement("a@example.com", "completed") + "]\r\n")).isInstanceOf(Preparation.Ready.class);
  }

  @Test
  void refusesABatchLargerThanTheLimitWith413() {
    String one = statement("a@example.com", "answered");
    Refused refused = (Refused) post("[" + String.join(",", one, one, one, one) + "]");

    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.violations().get(0).rule()).isEqualTo("batch.too-large");
    assertThat(refused.violations().get(0).message()).contains("at most 3");
  }

  @Test
  void refusesABodyLargerThanTheLimitWith413() {
    Refused refused = (Refused) post(" ".repeat(5000) + statement("a@example.com", "answered"));

    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.violations().get(0).rule()).isEqualTo("body.too-large");
  }

  @Test
  void refusesTwoStatementsWithTheSameIdInOneBatch() {
    String withId = statement("a@example.com", "answered")
        .replaceFirst("\\{", "{\"id\":\"a1b2c3d4-0000-4000-8000-000000000009\",");

    Refused refused = (Refused) post("[" + withId + "," + withId + "]");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.violations()).anySatisfy(v -> assertThat(v.path()).startsWith("$[1]"));
  }

  @Test
  void putUsesTheStatementIdParameterAsTheId() {
    Ready ready = (Ready) preparer.preparePut("school-a", AUTHORITY, XapiVersion.V1_0_3,
        "a1b2c3d4-0000-4000-8000-00000000000A", statement("a@example.com", "answered").getBytes(StandardCharsets.UTF_8),
        NOW);

    assertThat(ready.statements().get(0).id()).isEqualTo("a1b2c3d4-0000-4000-8000-00000000000a");
    assertThat(ready.statements().get(0).idFromClient()).isTrue();
  }

  @Test
  void putRefusesABodyWhoseIdDiffersFromTheParameter() {
    String body = statement("a@example.com", "answered")
        .replaceFirst("\\{", "{\"id\":\"a1b2c3d4-0000-4000-8000-000000000001\",");

    Refused refused = (Refused) preparer.preparePut("school-a", AUTHORITY, XapiVersion.V1_0_3,
        "a1b2c3d4-0000-4000-8000-000000000002", body.getBytes(StandardCharsets.UTF_8), NOW);

    assertThat(refused.violations()).extracting(v -> v.rule()).containsExactly("id.matches-statementId");
  }

  @Test
  void putRefusesAMissingOrMalformedStatementId() {
    byte[] body = statement("a@example.com", "answered").getBytes(StandardCharsets.UTF_8);

    Refused missing = (Refused) preparer.preparePut("school-a", AUTHORITY, XapiVersion.V1_0_3, null, body, NOW);
    Refused malformed = (Refused) preparer.preparePut("school-a", AUTHORITY, XapiVersion.V1_0_3, "nope", body, NOW);

    assertThat(missing.violations().get(0).rule()).isEqualTo("statementId.required");
    assertThat(malformed.violations().get(0).rule()).isEqualTo("statementId.uuid");
  }
}
