package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.time.Instant;

/**
 * What two statements with the same id must share to count as the same statement (xAPI "Statement
 * comparison"): everything except the properties an LRS may assign — {@code id}, {@code stored},
 * {@code authority}, {@code version} — and {@code timestamp} only when one side left it out (the LRS
 * fills it in then). Property order does not matter, numbers compare by value, timestamps as instants.
 */
public record StatementFingerprint(String contentHash, Instant timestamp) {

  private static final Set<String> ASSIGNED = Set.of("id", "stored", "authority", "version", "timestamp");

  public static StatementFingerprint of(JsonNode statement) {
    MessageDigest digest = sha256();
    List<String> names = new ArrayList<>();
    statement.fieldNames().forEachRemaining(names::add);
    names.removeIf(ASSIGNED::contains);
    Collections.sort(names);
    digest.update((byte) '{');
    for (String name : names) {
      feed(digest, name);
      feed(digest, statement.get(name));
    }
    return new StatementFingerprint(HexFormat.of().formatHex(digest.digest()), parseTimestamp(statement.get("timestamp")));
  }

  /** Feeds a canonical form of the tree: object keys sorted, every value tagged by its type. */
  private static void feed(MessageDigest digest, JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      digest.update((byte) '{');
      for (String name : names) {
        feed(digest, name);
        feed(digest, node.get(name));
      }
      digest.update((byte) '}');
    } else if (node.isArray()) {
      digest.update((byte) '[');
      node.forEach(child -> feed(digest, child));
      digest.update((byte) ']');
    } else if (node.isNumber()) {
      digest.update((byte) 'n');
      feed(digest, node.decimalValue().stripTrailingZeros().toPlainString());
    } else {
      digest.update((byte) (node.isTextual() ? 's' : node.isBoolean() ? 'b' : 'z'));
      feed(digest, node.asText());
    }
  }

  private static void feed(MessageDigest digest, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int length = bytes.length;
    // the length as 4 big-endian bytes, without a buffer per value
    digest.update((byte) (length >>> 24));
    digest.update((byte) (length >>> 16));
    digest.update((byte) (length >>> 8));
    digest.update((byte) length);
    digest.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  public boolean sameStatementAs(StatementFingerprint other) {
    return contentHash.equals(other.contentHash)
        && (timestamp == null || other.timestamp == null || timestamp.equals(other.timestamp));
  }

  private static Instant parseTimestamp(JsonNode node) {
    if (node == null || !node.isTextual()) {
      return null;
    }
    return OffsetTimestamps.parse(node.asText());
  }
}
