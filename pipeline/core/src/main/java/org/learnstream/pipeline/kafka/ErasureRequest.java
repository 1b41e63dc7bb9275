package org.learnstream.pipeline.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.learnstream.pipeline.xapi.LearnerDigest;

/**
 * One entry of the erasure ledger ({@code learner.erasures}): which learner of which tenant was erased, and when it
 * was asked for. The learner is named by their {@link LearnerDigest} only, as in the erasure receipts: the ledger is
 * kept for good, and must not spell the pseudonym that the erased rows carried. On the topic the key is {@link #key()}
 * and the value the JSON of {@link #toJson()}.
 *
 * @param erasureId   the erasure's id, also the id of its receipt
 * @param tenant      the learner's tenant
 * @param learner     the {@link LearnerDigest} of the learner's pseudonym (the pseudonym being what the learner column
 *                    of every table held)
 * @param requestedAt when the erasure was asked for: the learner's statements stored or dated at or before it are
 *                    dropped by the job and by replay
 * @param statementIds statements of other actors that named the learner (as an agent of theirs, or in their text),
 *                    deleted with them: their events are dropped by the job and by replay, whoever's they are,
 *                    since the event log still holds them
 */
public record ErasureRequest(String erasureId, String tenant, String learner, Instant requestedAt,
    List<String> statementIds) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public ErasureRequest {
    Objects.requireNonNull(erasureId, "erasureId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(learner, "learner");
    Objects.requireNonNull(requestedAt, "requestedAt");
    if (!tenant.isEmpty() && !LearnerDigest.isDigest(learner)) {
      throw new IllegalArgumentException("an erasure names its learner by LearnerDigest, not as given");
    }
    statementIds = List.copyOf(statementIds);
  }

  /**
   * The erasure of the learner {@code pseudonym} of {@code tenant}, naming no statement of another actor (yet: the
   * erasure's plan finds them); the request keeps the pseudonym's digest only.
   */
  public static ErasureRequest of(String erasureId, String tenant, String pseudonym, Instant requestedAt) {
    return new ErasureRequest(erasureId, tenant, LearnerDigest.of(tenant, pseudonym), requestedAt, List.of());
  }

  /** This request also naming {@code more} statements of other actors (kept once each, in order). */
  public ErasureRequest withStatements(Collection<String> more) {
    Set<String> ids = new LinkedHashSet<>(statementIds);
    ids.addAll(more);
    return new ErasureRequest(erasureId, tenant, learner, requestedAt, List.copyOf(ids));
  }

  /** The compaction key: one entry per learner, the latest request wins. */
  public String key() {
    return learnerKey(tenant, learner);
  }

  /** The key of a learner of a tenant by their {@link LearnerDigest}, as the job's erased set keeps it. */
  public static String learnerKey(String tenant, String digest) {
    return tenant + "|" + digest;
  }

  /**
   * The key of a statement of a tenant erased with a learner, as the job's erased set keeps it beside the learners'
   * keys: a statement id holds no {@code |}, a digest no {@code statement:} prefix.
   */
  public static String statementKey(String tenant, String statementId) {
    return tenant + "|statement:" + statementId;
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
    ObjectNode node = JSON.createObjectNode().put("erasureId", erasureId).put("tenant", tenant)
        .put("learner", learner).put("requestedAt", requestedAt.toString());
    if (!statementIds.isEmpty()) {
      ArrayNode ids = node.putArray("statementIds");
      statementIds.forEach(ids::add);
    }
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a ledger value; a value that is not one names what is wrong. An entry written before learners were named by
   * digest holds {@code pseudonym} (under the key {@code tenant|pseudonym}): it is read as the same learner's digest.
   */
  public static ErasureRequest fromJson(byte[] value) {
    try {
      JsonNode node = JSON.readTree(value);
      String tenant = text(node, "tenant");
      String learner = !node.has("learner") && node.has("pseudonym")
          ? LearnerDigest.of(tenant, text(node, "pseudonym"))
          : text(node, "learner");
      return new ErasureRequest(text(node, "erasureId"), tenant, learner, Instant.parse(text(node, "requestedAt")),
          statementIds(node));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not an erasure ledger entry: " + e.getMessage(), e);
    }
  }

  /** The ids of other actors' statements; entries written before they were recorded have none. */
  private static List<String> statementIds(JsonNode node) {
    JsonNode ids = node.get("statementIds");
    if (ids == null) {
      return List.of();
    }
    if (!ids.isArray()) {
      throw new IllegalArgumentException("field statementIds must be an array of strings");
    }
    List<String> list = new ArrayList<>(ids.size());
    for (JsonNode id : ids) {
      if (!id.isTextual()) {
        throw new IllegalArgumentException("field statementIds must be an array of strings");
      }
      list.add(id.textValue());
    }
    return list;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("field " + field + " must be a string");
    }
    return value.asText();
  }
}
