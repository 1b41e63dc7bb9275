package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
    Feed feed = new Feed(sha256());
    List<Map.Entry<String, JsonNode>> members = new ArrayList<>(statement.size());
    statement.fields().forEachRemaining(members::add);
    members.removeIf(member -> ASSIGNED.contains(member.getKey()));
    members.sort(Map.Entry.comparingByKey());
    feed.digest.update((byte) '{');
    for (Map.Entry<String, JsonNode> member : members) {
      feed.text(member.getKey());
      feed.node(member.getValue());
    }
    return new StatementFingerprint(HexFormat.of().formatHex(feed.digest.digest()),
        parseTimestamp(statement.get("timestamp")));
  }

  /** Feeds a canonical form of the tree to a digest: object keys sorted, every value tagged by its type. */
  private static final class Feed {
    final MessageDigest digest;
    private final byte[] length = new byte[4];

    Feed(MessageDigest digest) {
      this.digest = digest;
    }

    void node(JsonNode node) {
      if (node.isObject()) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.size());
        node.fields().forEachRemaining(members::add);
        members.sort(Map.Entry.comparingByKey());
        digest.update((byte) '{');
        for (Map.Entry<String, JsonNode> member : members) {
          text(member.getKey());
          node(member.getValue());
        }
        digest.update((byte) '}');
      } else if (node.isArray()) {
        digest.update((byte) '[');
        for (JsonNode child : node) {
          node(child);
        }
        digest.update((byte) ']');
      } else if (node.isNumber()) {
        digest.update((byte) 'n');
        text(node.decimalValue().stripTrailingZeros().toPlainString());
      } else {
        digest.update((byte) (node.isTextual() ? 's' : node.isBoolean() ? 'b' : 'z'));
        text(node.asText());
      }
    }

    /** The UTF-8 length as 4 big-endian bytes, then the UTF-8 bytes. */
    void text(String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      length[0] = (byte) (bytes.length >>> 24);
      length[1] = (byte) (bytes.length >>> 16);
      length[2] = (byte) (bytes.length >>> 8);
      length[3] = (byte) bytes.length;
      digest.update(length);
      digest.update(bytes);
    }
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
