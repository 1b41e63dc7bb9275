package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.learnstream.pipeline.xapi.Violation;

/**
 * A statement write in {@code multipart/mixed} (xAPI Communication 1.5.2): the first part holds the statements as
 * {@code application/json}, each other part the content of one attachment, with {@code Content-Transfer-Encoding:
 * binary} and its SHA-2 in {@code X-Experience-API-Hash}. Every attachment without {@code fileUrl} needs its part,
 * every part an attachment, every hash must match its content, and signature attachments must sign their statement
 * ({@link StatementSignatures}).
 */
final class MultipartStatements {

  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final ObjectMapper LENIENT = new ObjectMapper();
  private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary=\"?([^\";]+)\"?");
  private static final String HASH_HEADER = "x-experience-api-hash";

  /** The statements' JSON and the attachment parts, or the violation (and status) that refuses the body. */
  record Read(byte[] json, List<AttachmentPart> parts, Violation problem, int status) {
  }

  private MultipartStatements() {
  }

  static boolean applies(String contentType) {
    return contentType != null && contentType.trim().toLowerCase(Locale.ROOT).startsWith("multipart/mixed");
  }

  static Read read(String contentType, byte[] body, AttachmentLimits limits) {
    Matcher m = BOUNDARY.matcher(contentType);
    if (!m.find()) {
      return refused("multipart.boundary", "a multipart/mixed body needs a boundary parameter in Content-Type");
    }
    // ISO-8859-1 maps every byte to one char and back, so each part's bytes come out unchanged
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
    if (parts.size() - 1 > limits.maxParts()) {
      return refused(413, "attachments.count", "the body has " + (parts.size() - 1) + " attachment parts; send at "
          + "most " + limits.maxParts() + " per request");
    }
    int firstEnd = parts.get(0).indexOf("\r\n\r\n");
    if (firstEnd < 0 || !headers(parts.get(0).substring(0, firstEnd)).getOrDefault("content-type", "")
        .toLowerCase(Locale.ROOT).startsWith("application/json")) {
      return refused("multipart.statements-part", "the first part must have Content-Type: application/json and hold "
          + "the statements");
    }
    byte[] json = parts.get(0).substring(firstEnd + 4).getBytes(StandardCharsets.ISO_8859_1);
    Map<String, AttachmentPart> attachments = new LinkedHashMap<>();
    for (String part : parts.subList(1, parts.size())) {
      Object read = attachmentPart(part, limits);
      if (read instanceof Read refusal) {
        return refusal;
      }
      AttachmentPart p = (AttachmentPart) read;
      attachments.putIfAbsent(p.sha2(), p);
    }
    JsonNode statements;
    try {
      statements = STRICT.readTree(json);
    } catch (IOException e) {
      // valid JSON followed by more is what a missing boundary looks like; other unreadable JSON is left to the
      // statement rules to word
      return readsAsOneValue(json)
          ? refused("multipart.syntax", "the statements part holds more than one JSON "
              + "value: is a boundary missing between it and the next part?")
          : new Read(json, List.of(), null, 200);
    }
    Optional<Violation> mismatch = matchParts(statements, attachments);
    return mismatch.isPresent()
        ? new Read(null, null, mismatch.get(), 400)
        : new Read(json, List.copyOf(attachments.values()), null, 200);
  }

  /**
   * Why statements sent as {@code application/json} cannot be accepted for their attachments: one without
   * {@code fileUrl} has its content in no part, and a signature needs its part. Asked of the tree the statement rules
   * read, so that a body is parsed once.
   */
  static Optional<Violation> withoutParts(JsonNode statements) {
    return matchParts(statements, Map.of());
  }

  /** The part as an attachment, or the {@link Read} that refuses it. */
  private static Object attachmentPart(String part, AttachmentLimits limits) {
    int end = part.indexOf("\r\n\r\n");
    if (end < 0) {
      return refused("multipart.syntax", "an attachment part has no blank line between its headers and content");
    }
    Map<String, String> headers = headers(part.substring(0, end));
    if (!"binary".equalsIgnoreCase(headers.getOrDefault("content-transfer-encoding", "").trim())) {
      return refused("attachment.transfer-encoding", "every attachment part needs Content-Transfer-Encoding: binary");
    }
    String hash = headers.getOrDefault(HASH_HEADER, "").trim().toLowerCase(Locale.ROOT);
    if (hash.isEmpty()) {
      return refused("attachment.hash-header", "every attachment part needs X-Experience-API-Hash, the SHA-2 of "
          + "its content");
    }
    byte[] content = part.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
    if (content.length > limits.maxAttachmentBytes()) {
      return refused(413, "attachment.too-large", "an attachment part has " + content.length + " bytes; send at "
          + "most " + limits.maxAttachmentBytes() + " per attachment");
    }
    Optional<String> actual = Sha2.hex(hash.length(), content);
    if (actual.isEmpty()) {
      return refused("attachment.hash-form", "X-Experience-API-Hash must be the hex SHA-256, SHA-384 or SHA-512 "
          + "of the content (64, 96 or 128 hex digits), got " + hash.length() + " characters");
    }
    if (!actual.get().equals(hash)) {
      return refused("attachment.hash-match", "an attachment part's content does not hash to its "
          + "X-Experience-API-Hash " + hash);
    }
    return new AttachmentPart(hash, headers.getOrDefault("content-type", "application/octet-stream").trim(), content);
  }

  /** Every attachment without fileUrl has its part, every part an attachment, every signature signs. */
  private static Optional<Violation> matchParts(JsonNode statements, Map<String, AttachmentPart> parts) {
    Map<String, Boolean> named = new HashMap<>();
    for (JsonNode statement : statements.isArray() ? statements : List.of(statements)) {
      for (JsonNode attachment : statement.path("attachments")) {
        String sha2 = attachment.path("sha2").asText().toLowerCase(Locale.ROOT);
        named.put(sha2, true);
        AttachmentPart part = parts.get(sha2);
        if (part == null && !attachment.hasNonNull("fileUrl")) {
          return Optional.of(new Violation("attachments", "attachments.part-missing", "attachment " + sha2 + " has "
              + "no fileUrl and no part with that X-Experience-API-Hash (content comes in multipart/mixed)"));
        }
        if (StatementSignatures.isSignature(attachment)) {
          Optional<Violation> bad = part == null
              ? Optional.of(new Violation("attachments", "signature.part-missing", "a signature attachment's JWS "
                  + "must come in a part, not by fileUrl"))
              : StatementSignatures.problem(statement, attachment, part.content());
          if (bad.isPresent()) {
            return bad;
          }
        }
      }
    }
    return parts.keySet().stream().filter(sha2 -> !named.containsKey(sha2)).findFirst().map(sha2 -> new Violation(
        "attachments", "attachments.part-unused", "the part with X-Experience-API-Hash " + sha2 + " belongs to no "
            + "attachment of the statements"));
  }

  /** Header names in lower case; folded lines are not used by xAPI clients. */
  private static Map<String, String> headers(String block) {
    Map<String, String> headers = new HashMap<>();
    for (String line : block.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
    }
    return headers;
  }

  private static boolean readsAsOneValue(byte[] json) {
    try {
      return LENIENT.readTree(json) != null;
    } catch (IOException e) {
      return false;
    }
  }

  private static Read refused(String rule, String message) {
    return refused(400, rule, message);
  }

  private static Read refused(int status, String rule, String message) {
    return new Read(null, null, new Violation("body", rule, message), status);
  }
}
