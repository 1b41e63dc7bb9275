package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** The statement a voiding statement targets, read from the JSON as written. */
final class VoidingTarget {

  static final String VOIDED = "http://adlnet.gov/expapi/verbs/voided";
  private static final ByteSearch VOIDED_WORD = ByteSearch.of(VOIDED.getBytes(StandardCharsets.UTF_8));
  private static final ObjectMapper JSON = new ObjectMapper();

  private VoidingTarget() {
  }

  /** The target's id (lower case) when {@code statement} voids one; parsed only when it names the voided verb. */
  static Optional<String> of(byte[] statement) {
    if (!VOIDED_WORD.in(statement)) {
      return Optional.empty(); // nearly every statement: no parse on the write path
    }
    try {
      JsonNode s = JSON.readTree(statement);
      JsonNode object = s.path("object");
      if (VOIDED.equals(s.path("verb").path("id").asText()) && "StatementRef".equals(object.path("objectType").asText())
          && object.path("id").isTextual()) {
        return Optional.of(object.get("id").asText().toLowerCase(Locale.ROOT));
      }
    } catch (IOException e) {
      // a written statement is JSON; nothing to void otherwise
    }
    return Optional.empty();
  }

  static boolean isVoiding(JsonNode statement) {
    return VOIDED.equals(statement.path("verb").path("id").asText());
  }
}
