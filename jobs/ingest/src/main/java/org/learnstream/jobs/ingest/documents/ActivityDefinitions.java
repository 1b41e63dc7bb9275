package org.learnstream.jobs.ingest.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the LRS knows of each activity, per tenant: the definitions statements gave it, merged. Language maps
 * ({@code name}, {@code description}) and {@code extensions} keep every key any statement gave (the newest value
 * per key); other members are replaced by the newest statement's.
 */
public final class ActivityDefinitions {

  private static final Set<String> MERGED_MAPS = Set.of("name", "description", "extensions");

  private final DocumentDatabase db;
  private final Clock clock;

  public ActivityDefinitions(DocumentDatabase db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** The merged definition of an activity, if any statement of the tenant defined it. */
  public Optional<ObjectNode> find(String tenant, String activityId) throws SQLException {
    return db.inTransaction(c -> read(c, tenant, activityId, false));
  }

  /** Merges {@code definition} into what the tenant's statements said of {@code activityId} before. */
  public void merge(String tenant, String activityId, ObjectNode definition) throws SQLException {
    db.inTransactionRetryingInsertRace(c -> mergeIn(c, tenant, activityId, definition));
  }

  static ObjectNode merged(ObjectNode known, ObjectNode latest) {
    ObjectNode out = known.deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = latest.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode before = out.get(e.getKey());
      if (MERGED_MAPS.contains(e.getKey()) && before != null && before.isObject() && e.getValue().isObject()) {
        ((ObjectNode) before).setAll((ObjectNode) e.getValue());
      } else {
        out.set(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private Void mergeIn(Connection c, String tenant, String activityId, ObjectNode definition) throws SQLException {
    Optional<ObjectNode> known = read(c, tenant, activityId, true);
    if (known.isPresent()) {
      ObjectNode next = merged(known.get(), definition);
      if (!next.equals(known.get())) {
        try (PreparedStatement p = c.prepareStatement("UPDATE xapi_activities SET definition = ?, updated_millis = ? "
            + "WHERE tenant = ? AND id_sha256 = ?")) {
          p.setBytes(1, Answers.bytes(next));
          p.setLong(2, clock.millis());
          p.setString(3, tenant);
          p.setString(4, DocumentAddress.sha256(activityId));
          p.executeUpdate();
        }
      }
      return null;
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO xapi_activities (tenant, id_sha256, activity_id, "
        + "definition, updated_millis) VALUES (?, ?, ?, ?, ?)")) {
      p.setString(1, tenant);
      p.setString(2, DocumentAddress.sha256(activityId));
      p.setString(3, activityId);
      p.setBytes(4, Answers.bytes(definition));
      p.setLong(5, clock.millis());
      p.executeUpdate();
    }
    return null;
  }

  private static Optional<ObjectNode> read(Connection c, String tenant, String activityId, boolean lock)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT definition FROM xapi_activities WHERE tenant = ? AND "
        + "id_sha256 = ?" + (lock ? " FOR UPDATE" : ""))) {
      p.setString(1, tenant);
      p.setString(2, DocumentAddress.sha256(activityId));
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of((ObjectNode) Answers.JSON.readTree(r.getBytes(1)));
      }
    } catch (IOException e) {
      throw new SQLException("a stored activity definition is not JSON: " + e.getMessage(), e);
    }
  }
}
