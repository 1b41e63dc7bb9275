package org.learnstream.pipeline.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the erasure ledger ({@code learner.erasures}): which learner of which tenant was erased, and when it
 * was asked for. The learner is named by pseudonym only, as in the erasure receipts. On the topic the key is
 * {@link #key()} and the value the JSON of {@link #toJson()}.
 *
 * @param erasureId   the erasure's id, also the id of its receipt
 * @param tenant      the learner's tenant
 * @param pseudonym   the learner column of every table
 * @param requestedAt when the erasure was asked for: the learner's statements stored or dated at or before it are
 *                    dropped by the job and by replay
 */
public record ErasureRequest(String erasureId, String tenant, String pseudonym, Instant requestedAt) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public ErasureRequest {
    Objects.requireNonNull(erasureId, "erasureId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(pseudonym, "pseudonym");
    Objects.requireNonNull(requestedAt, "requestedAt");
  }

  /** The compaction key: one entry per learner, the latest request wins. */
  public String key() {
    return learnerKey(tenant, pseudonym);
  }

  /** The key of a learner of a tenant, as events name them. */
  public static String learnerKey(String tenant, String pseudonym) {
    return tenant + "|" + pseudonym;
  }

  /**
   * Whether a statement of the learner belongs to what was erased: dated or stored at or before the request. Both
   * times count, so neither a device clock running ahead nor a statement sent back-dated after the erasure brings the
   * learner's past back; a statement dated and stored after it starts the learner afresh.
   */
  public static boolean covers(long requestedAtMillis, Instant timestamp, Instant stored) {
    return timestamp.toEpochMilli() <= requestedAtMillis || stored.toEpochMilli() <= requestedAtMillis;
  }

  public byte[] toJson() {
    return JSON.createObjectNode().put("erasureId", erasureId).put("tenant", tenant).put("pseudonym", pseudonym)
        .put("requestedAt", requestedAt.toString()).toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Reads a ledger value; a value that is not one names what is wrong. */
  public static ErasureRequest fromJson(byte[] value) {
    try {
      JsonNode node = JSON.readTree(value);
      return new ErasureRequest(text(node, "erasureId"), text(node, "tenant"), text(node, "pseudonym"),
          Instant.parse(text(node, "requestedAt")));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not an erasure ledger entry: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("field " + field + " must be a string");
    }
    return value.asText();
  }
}
