package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.ingest.Preparation.Ready;
import org.learnstream.pipeline.xapi.StatementValidator;
import org.learnstream.pipeline.xapi.XapiVersion;

/** The accepted bytes of a statement, whether spliced from the body or written from the tree. */
class StatementBatchPreparerSpliceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Instant NOW = Instant.parse("2026-03-01T10:15:30.250Z");
  private static final String STORED = "2026-03-01T10:15:30.250Z";
  private static final UUID FIXED = UUID.fromString("8f87ccde-bb56-4c2e-ab83-44982ef22df0");
  private static final JsonNode AUTHORITY = new TenantCredentials.Principal("school-a", "lms").authority();

  private final StatementBatchPreparer preparer = new StatementBatchPreparer(JSON, new StatementValidator(),
      new IngestLimits(1 << 16, 10), () -> FIXED);

  private static final String ANN = """
      {"actor":{"mbox":"mailto:ann@example.com"},
       "verb":{"id":"http://adlnet.gov/expapi/verbs/answered"},
       "object":{"id":"http://example.com/activities/quiz-1"}""";

  private List<PreparedStatement> post(byte[] body) {
    Preparation p = preparer.preparePost("school-a", AUTHORITY, XapiVersion.V1_0_3, body, NOW);
    assertThat(p).isInstanceOf(Ready.class);
    return ((Ready) p).statements();
  }

  private List<PreparedStatement> post(String body) {
    return post(body.getBytes(StandardCharsets.UTF_8));
  }

  /** Every accepted statement is UTF-8 JSON without a repeated member. */
  private static JsonNode strict(PreparedStatement s) throws Exception {
    return STRICT.readTree(new String(s.json(), StandardCharsets.UTF_8));
  }

  /** What the server must add to {@code sent}, written out here independently of the preparer. */
  private static ObjectNode expected(String sent, String id) throws Exception {
    ObjectNode e = (ObjectNode) JSON.readTree(sent);
    e.put("id", id);
    e.put("stored", STORED);
    e.set("authority", JSON.readTree(
        "{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"https://learnstream.local/tenants/school-a\",\"name\":\"lms\"}}"));
    if (!e.hasNonNull("timestamp")) {
      e.put("timestamp", STORED);
    }
    if (!e.hasNonNull("version")) {
      e.put("version", "1.0.0");
    }
    return e;
  }

  @Test
  void addsTheServersMembersToEveryStatementOfAPrettyPrintedBatch() throws Exception {
    String first = ANN + ",\n \"timestamp\": \"2025-01-02T03:04:05Z\"}";
    String second = ANN + ", \"version\":\"1.0.3\" }";
    String body = "  [\n    " + first + " ,\r\n\t" + second + "\n]  ";

    List<PreparedStatement> out = post(body);

    assertThat(strict(out.get(0))).isEqualTo(expected(first, FIXED.toString()));
    assertThat(strict(out.get(1))).isEqualTo(expected(second, FIXED.toString()));
  }

  @Test
  void addsTheServersMembersToASingleStatementWithWhitespaceBeforeItsBrace() throws Exception {
    String statement = ANN + "}";

    PreparedStatement out = post(" \n\t " + statement + "\n").get(0);

    assertThat(strict(out)).isEqualTo(expected(statement, FIXED.toString()));
  }

  @Test
  void keepsAStatementsOwnIdExactlyOnce() throws Exception {
    String statement = "{\"id\":\"a1b2c3d4-0000-4000-8000-000000000001\"," + ANN.substring(1) + "}";

    PreparedStatement out = post(statement).get(0);

    assertThat(out.id()).isEqualTo("a1b2c3d4-0000-4000-8000-000000000001");
    assertThat(strict(out)).isEqualTo(expected(statement, "a1b2c3d4-0000-4000-8000-000000000001"));
  }

  @Test
  void lowerCasesAnUpperCaseIdWithoutRepeatingIt() throws Exception {
    String statement = "{\"id\":\"A1B2C3D4-0000-4000-8000-000000000001\"," + ANN.substring(1) + "}";

    PreparedStatement out = post(statement).get(0);

    assertThat(strict(out)).isEqualTo(expected(statement, "a1b2c3d4-0000-4000-8000-000000000001"));
  }

  @Test
  void replacesAClaimedStoredAndAuthority() throws Exception {
    String statement = ANN + ",\"stored\":\"2020-01-01T00:00:00Z\","
        + "\"authority\":{\"mbox\":\"mailto:someone-else@example.com\"}}";

    PreparedStatement out = post(statement).get(0);

    assertThat(strict(out)).isEqualTo(expected(statement, FIXED.toString()));
  }

  @Test
  void keepsTheClientsNumbersAsSent() throws Exception {
    String statement = ANN + ",\"result\":{\"score\":{\"scaled\":0.10000000000000000555}}}";

    PreparedStatement out = post(statement).get(0);

    assertThat(new String(out.json(), StandardCharsets.UTF_8)).contains("\"scaled\":0.10000000000000000555");
    assertThat(strict(out)).isEqualTo(expected(statement, FIXED.toString()));
  }

  @Test
  void keepsNonAsciiTextIntact() throws Exception {
    String statement = ANN.replace("quiz-1\"}",
        "quiz-1\",\"definition\":{\"name\":{\"de-DE\":\"Prüfung – Straße ✓\"}}}") + "}";

    PreparedStatement out = post(statement).get(0);

    assertThat(strict(out).at("/object/definition/name/de-DE").asText()).isEqualTo("Prüfung – Straße ✓");
  }

  @Test
  void writesAUtf16BodyAsUtf8() throws Exception {
    String statement = ANN + "}";

    PreparedStatement out = post(statement.getBytes(StandardCharsets.UTF_16BE)).get(0);

    assertThat(strict(out)).isEqualTo(expected(statement, FIXED.toString()));
  }

  @Test
  void writesARepeatedMemberOnlyOnce() throws Exception {
    String statement = ANN + ",\"timestamp\":\"2025-01-02T03:04:05Z\",\"timestamp\":\"2025-01-02T03:04:06Z\"}";

    PreparedStatement out = post(statement).get(0);

    assertThat(strict(out)).isEqualTo(expected(statement, FIXED.toString()));
  }

  @Test
  void acceptsAUtf8BodyWithAByteOrderMark() throws Exception {
    String first = ANN + "}";
    String second = ANN.replace("ann@", "bob@") + "}";
    byte[] text = ("[" + first + "," + second + "]").getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[text.length + 3];
    body[0] = (byte) 0xEF;
    body[1] = (byte) 0xBB;
    body[2] = (byte) 0xBF;
    System.arraycopy(text, 0, body, 3, text.length);

    List<PreparedStatement> out = post(body);

    assertThat(strict(out.get(0))).isEqualTo(expected(first, FIXED.toString()));
    assertThat(strict(out.get(1))).isEqualTo(expected(second, FIXED.toString()));
  }
}
