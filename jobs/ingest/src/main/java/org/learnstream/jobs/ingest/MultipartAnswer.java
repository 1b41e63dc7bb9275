package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A statements answer with {@code attachments=true} (xAPI Communication 2.1.3): {@code multipart/mixed}, the JSON
 * first, then one part per attachment content the answer's statements name, each sent once.
 */
final class MultipartAnswer {

  private static final String CRLF = "\r\n";

  private MultipartAnswer() {
  }

  /** Each attachment's SHA-2 with its content type, in order of appearance, one entry per SHA-2. */
  static Map<String, String> attachmentsOf(Iterable<JsonNode> statements) {
    Map<String, String> named = new LinkedHashMap<>();
    for (JsonNode statement : statements) {
      for (JsonNode attachment : statement.path("attachments")) {
        named.putIfAbsent(attachment.path("sha2").asText().toLowerCase(Locale.ROOT),
            attachment.path("contentType").asText("application/octet-stream"));
      }
    }
    return named;
  }

  /**
   * The answer with {@code json} first and each kept content after it; attachments given by fileUrl alone have no
   * kept content and no part.
   */
  static IngestResponse of(int status, Map<String, String> headers, byte[] json, Map<String, String> named,
      Map<String, byte[]> kept) {
    // a random boundary cannot occur in the statements or, but for a 2^-122 chance, in an attachment
    String boundary = "learnstream-" + UUID.randomUUID().toString().replace("-", "");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    write(body, "--" + boundary + CRLF + "Content-Type: application/json" + CRLF + CRLF);
    body.writeBytes(json);
    named.forEach((sha2, contentType) -> {
      byte[] content = kept.get(sha2);
      if (content != null) {
        write(body, CRLF + "--" + boundary + CRLF + "Content-Type: " + contentType + CRLF
            + "Content-Transfer-Encoding: binary" + CRLF + "X-Experience-API-Hash: " + sha2 + CRLF + CRLF);
        body.writeBytes(content);
      }
    });
    write(body, CRLF + "--" + boundary + "--" + CRLF);
    Map<String, String> withType = new LinkedHashMap<>(headers);
    withType.put("Content-Type", "multipart/mixed; boundary=" + boundary);
    return new IngestResponse(status, withType, body.toByteArray());
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
