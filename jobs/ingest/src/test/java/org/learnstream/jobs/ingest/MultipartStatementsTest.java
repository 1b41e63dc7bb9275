package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MultipartStatementsTest {

  private static final String TYPE = "multipart/mixed; boundary=b1";
  private static final AttachmentLimits LIMITS = new AttachmentLimits(64, 2);

  static String sha256(String content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(content.getBytes(StandardCharsets.UTF_8)));
  }

  static String statementWith(String... sha2s) {
    StringBuilder attachments = new StringBuilder();
    for (String sha2 : sha2s) {
      attachments.append(attachments.isEmpty() ? "" : ",").append("{\"usageType\":\"http://example.com/u\","
          + "\"display\":{\"en-US\":\"a\"},\"contentType\":\"text/plain\",\"length\":5,\"sha2\":\"" + sha2 + "\"}");
    }
    return StatementBatchPreparerTest.statement("a@example.com", "answered")
        .replaceFirst("\\{", "{\"attachments\":[" + attachments + "],");
  }

  static String part(String hash, String content) {
    return "--b1\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: " + hash
        + "\r\n\r\n" + content + "\r\n";
  }

  static String body(String statements, String... parts) {
    return "--b1\r\nContent-Type: application/json\r\n\r\n" + statements + "\r\n" + String.join("", parts) + "--b1--";
  }

  private static MultipartStatements.Read read(String body) {
    return MultipartStatements.read(TYPE, body.getBytes(StandardCharsets.UTF_8), LIMITS);
  }

  @Test
  void readsTheStatementsAndEachAttachmentPartUnderItsHash() throws Exception {
    String hello = sha256("hello");
    String bytes = sha256("\r\nline\r\n");

    MultipartStatements.Read read = read(body(statementWith(hello, bytes), part(hello, "hello"),
        part(bytes, "\r\nline\r\n")));

    assertThat(read.problem()).isNull();
    assertThat(new String(read.json(), StandardCharsets.UTF_8)).isEqualTo(statementWith(hello, bytes));
    assertThat(read.parts()).extracting(AttachmentPart::sha2).containsExactly(hello, bytes);
    assertThat(new String(read.parts().get(1).content(), StandardCharsets.UTF_8)).isEqualTo("\r\nline\r\n");
    assertThat(read.parts().get(0).contentType()).isEqualTo("text/plain");
  }

  @Test
  void refusesAPartWhoseContentDoesNotHashToItsHeader() throws Exception {
    String hello = sha256("hello");

    MultipartStatements.Read read = read(body(statementWith(hello), part(hello, "hellO")));

    assertThat(read.status()).isEqualTo(400);
    assertThat(read.problem().rule()).isEqualTo("attachment.hash-match");
  }

  @Test
  void refusesAPartThatIsNotSentAsBinary() throws Exception {
    String hello = sha256("hello");
    String base64 = part(hello, "hello").replace("binary", "base64");

    assertThat(read(body(statementWith(hello), base64)).problem().rule()).isEqualTo("attachment.transfer-encoding");
  }

  @Test
  void refusesAnAttachmentWithoutFileUrlWhosePartIsMissing() throws Exception {
    assertThat(read(body(statementWith(sha256("hello")))).problem().rule()).isEqualTo("attachments.part-missing");
  }

  @Test
  void refusesAPartThatBelongsToNoAttachment() throws Exception {
    String hello = sha256("hello");
    String other = sha256("other");

    MultipartStatements.Read read = read(body(statementWith(hello), part(hello, "hello"), part(other, "other")));

    assertThat(read.problem().rule()).isEqualTo("attachments.part-unused");
    assertThat(read.problem().message()).contains(other);
  }

  @Test
  void refusesAPartOverTheSizeLimitWith413NamingTheLimit() throws Exception {
    String big = "x".repeat(65);

    MultipartStatements.Read read = read(body(statementWith(sha256(big)), part(sha256(big), big)));

    assertThat(read.status()).isEqualTo(413);
    assertThat(read.problem().rule()).isEqualTo("attachment.too-large");
    assertThat(read.problem().message()).contains("65 bytes", "at most 64");
  }

  @Test
  void refusesMorePartsThanTheLimitWith413() throws Exception {
    String a = sha256("a");
    String b = sha256("b");
    String c = sha256("c");

    MultipartStatements.Read read = read(body(statementWith(a, b, c), part(a, "a"), part(b, "b"), part(c, "c")));

    assertThat(read.status()).isEqualTo(413);
    assertThat(read.problem().rule()).isEqualTo("attachments.count");
  }

  @Test
  void refusesAHashThatIsNoSha2() throws Exception {
    assertThat(read(body(statementWith("abc"), part("abc", "hello"))).problem().rule())
        .isEqualTo("attachment.hash-form");
  }

  @Test
  void acceptsASha512HashOfTheContent() throws Exception {
    String sha512 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512")
        .digest("hello".getBytes(StandardCharsets.UTF_8)));

    assertThat(read(body(statementWith(sha512), part(sha512, "hello"))).parts()).hasSize(1);
  }
}
