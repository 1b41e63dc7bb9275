package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatementSpliceTest {

  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String splice(String source, int from, int to, String members) {
    return new String(StatementSplice.insertMembers(bytes(source), from, to, bytes(members)), StandardCharsets.UTF_8);
  }

  @Test
  void insertsTheMembersRightAfterTheOpeningBrace() {
    assertThat(splice("{\"a\":1}", 0, 7, "\"id\":\"x\"")).isEqualTo("{\"id\":\"x\",\"a\":1}");
  }

  @Test
  void skipsWhitespaceAroundTheObjectAndKeepsTheWhitespaceInsideIt() {
    String source = " \r\n\t{ \"a\" : [1, 2] }\n ";

    assertThat(splice(source, 0, source.length(), "\"id\":\"x\"")).isEqualTo("{\"id\":\"x\", \"a\" : [1, 2] }");
  }

  @Test
  void addsNoCommaToAnEmptyObject() {
    assertThat(splice("{ \n }", 0, 5, "\"id\":\"x\"")).isEqualTo("{\"id\":\"x\" \n }");
  }

  @Test
  void takesOnlyTheGivenRangeOfALargerBody() throws Exception {
    String body = "[ {\"a\":1} , {\"b\":{\"c\":\"}\"}} ]";
    int from = body.indexOf("{\"b\"");
    int to = body.lastIndexOf('}') + 1;

    String spliced = splice(body, from, to, "\"stored\":\"s\",\"authority\":{\"name\":\"k\"}");

    JsonNode tree = STRICT.readTree(spliced);
    assertThat(tree.get("stored").asText()).isEqualTo("s");
    assertThat(tree.at("/authority/name").asText()).isEqualTo("k");
    assertThat(tree.at("/b/c").asText()).isEqualTo("}");
    assertThat(tree.has("a")).isFalse();
  }

  @Test
  void keepsTheOriginalMembersByteForByte() {
    String original = "{\"score\":{\"scaled\":0.10000000000000000555},\"name\":\"Zo\\u00eb \\\"Z\\\"\"}";

    String spliced = splice(original, 0, original.length(), "\"id\":\"x\"");

    assertThat(spliced).isEqualTo("{\"id\":\"x\"," + original.substring(1));
  }

  @Test
  void copiesTheObjectUnchangedWhenThereIsNothingToAdd() {
    assertThat(splice("  {\"a\":1}", 0, 9, "")).isEqualTo("{\"a\":1}");
  }

  @Test
  void refusesARangeThatIsNotAnObject() {
    assertThatThrownBy(() -> splice("[1,2]", 0, 5, "\"id\":\"x\""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> splice("{\"a\":1}", 0, 6, "\"id\":\"x\""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writesPlainMembersAndRefusesValuesThatWouldNeedEscaping() {
    assertThat(StatementSplice.plainMember("version", "1.0.0")).isEqualTo("\"version\":\"1.0.0\"");
    assertThatThrownBy(() -> StatementSplice.plainMember("id", "a\"b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writesMembersGivenInPiecesOneAfterTheOther() {
    byte[] spliced = StatementSplice.insertMembers(bytes("{\"a\":1}"), 0, 7,
        StatementSplice.plainMemberAndComma("id", "x"), bytes("\"stored\":\"t\""), new byte[0], bytes(",\"v\":2"));

    assertThat(new String(spliced, StandardCharsets.UTF_8))
        .isEqualTo("{\"id\":\"x\",\"stored\":\"t\",\"v\":2,\"a\":1}");
  }

  @Test
  void writesAPlainMemberWithItsCommaAsBytesAndRefusesValuesThatWouldNeedEscaping() {
    assertThat(new String(StatementSplice.plainMemberAndComma("id", "6f0e"), StandardCharsets.UTF_8))
        .isEqualTo("\"id\":\"6f0e\",");
    assertThatThrownBy(() -> StatementSplice.plainMemberAndComma("id", "a\\b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatementSplice.plainMemberAndComma("id", "é"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
