package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.learnstream.pipeline.xapi.Violation;

/**
 * A statement write in {@code multipart/mixed} (xAPI Communication 1.5.2): the first part holds the statements as
 * {@code application/json}, the other parts the attachments' content. This server keeps no attachment content yet, so
 * a body with attachment parts is refused (400), never accepted and lost; one with the JSON part alone (no attachments,
 * or attachments given by {@code fileUrl}) is read like an {@code application/json} body.
 */
final class MultipartStatements {

  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final ObjectMapper LENIENT = new ObjectMapper();
  private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary=\"?([^\";]+)\"?");

  /** The statements' JSON, or the violation that refuses the body. */
  record Read(byte[] json, Violation problem) {
  }

  private MultipartStatements() {}

  static boolean applies(String contentType) {
    return contentType != null && contentType.trim().toLowerCase(Locale.ROOT).startsWith("multipart/mixed");
  }

  static Read read(String contentType, byte[] body) {
    Matcher m = BOUNDARY.matcher(contentType);
    if (!m.find()) {
      return refused("multipart.boundary", "a multipart/mixed body needs a boundary parameter in Content-Type");
    }
    // ISO-8859-1 maps every byte to one char and back, so the JSON part's bytes come out unchanged
    String text = new String(body, StandardCharsets.ISO_8859_1);
    String delimiter = "--" + m.group(1);
    List<String> parts = new ArrayList<>();
    int at = text.indexOf(delimiter);
    while (at >= 0 && !text.startsWith(delimiter + "--", at)) {
      int start = text.indexOf("\r\n", at) + 2;
      int next = text.indexOf("\r\n" + delimiter, start);
      if (start < 2 || next < 0) {
        return refused("multipart.syntax", "a part is not closed by the boundary (parts end with CRLF--boundary)");
      }
      parts.add(text.substring(start, next));
      at = next + 2;
    }
    if (parts.isEmpty()) {
      return refused("multipart.syntax", "the body holds no part delimited by the boundary");
    }
    String first = parts.get(0);
    int headersEnd = first.indexOf("\r\n\r\n");
    String headers = headersEnd < 0 ? first : first.substring(0, headersEnd);
    if (headersEnd < 0 || !headers.toLowerCase(Locale.ROOT).matches("(?s).*content-type:\\s*application/json.*")) {
      return refused("multipart.statements-part", "the first part must have Content-Type: application/json and hold "
          + "the statements");
    }
    if (parts.size() > 1) {
      return refused("attachments.unsupported", "this server does not store attachment content yet: send the "
          + "statements without attachment parts (attachments given by fileUrl are fine)");
    }
    byte[] json = first.substring(headersEnd + 4).getBytes(StandardCharsets.ISO_8859_1);
    return contentOutsideParts(json) ? refused("attachments.unsupported", "an attachment without fileUrl has its "
        + "content in a part, which this server does not store yet (or the statements part holds more than JSON): "
        + "give attachments by fileUrl") : new Read(json, null);
  }

  /**
   * Whether the statements part holds more than one JSON value (a missing boundary puts the next part in it) or an
   * attachment whose content must come in a part; unreadable JSON is left to the statement rules to word.
   */
  private static boolean contentOutsideParts(byte[] json) {
    JsonNode statements;
    try {
      statements = STRICT.readTree(json);
    } catch (IOException e) {
      return readsAsOneValue(json); // valid JSON followed by more: what a missing boundary looks like
    }
    for (JsonNode statement : statements.isArray() ? statements : List.of(statements)) {
      for (JsonNode attachment : statement.path("attachments")) {
        if (!attachment.hasNonNull("fileUrl")) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean readsAsOneValue(byte[] json) {
    try {
      return LENIENT.readTree(json) != null;
    } catch (IOException e) {
      return false;
    }
  }

  private static Read refused(String rule, String message) {
    return new Read(null, new Violation("body", rule, message));
  }
}
