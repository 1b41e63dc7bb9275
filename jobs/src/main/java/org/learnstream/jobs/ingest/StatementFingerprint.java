package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * What two statements with the same id must share to count as the same statement (xAPI "Statement
 * comparison"): everything except the properties an LRS may assign — {@code id}, {@code stored},
 * {@code authority}, {@code version} — and {@code timestamp} only when one side left it out (the LRS
 * fills it in then). Property order does not matter; timestamps compare as instants.
 */
public record StatementFingerprint(String contentHash, Instant timestamp) {

  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  public static StatementFingerprint of(JsonNode statement) {
    ObjectNode copy = ((ObjectNode) statement).deepCopy();
    copy.remove(java.util.List.of("id", "stored", "authority", "version", "timestamp"));
    Instant timestamp = parseTimestamp(statement.get("timestamp"));
    try {
      Object tree = CANONICAL.treeToValue(copy, Object.class);
      return new StatementFingerprint(ActorKey.sha256(CANONICAL.writeValueAsString(tree)), timestamp);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("A parsed statement could not be written back as JSON", e);
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
    try {
      return OffsetDateTime.parse(node.asText()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
