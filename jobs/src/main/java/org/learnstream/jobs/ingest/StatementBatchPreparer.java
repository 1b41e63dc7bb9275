package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.learnstream.pipeline.xapi.StatementValidator;
import org.learnstream.pipeline.xapi.Violation;
import org.learnstream.pipeline.xapi.XapiVersion;

/**
 * Turns a statements request body into Kafka-ready statements, all or nothing: parse, enforce the
 * body and batch limits, validate every statement, then assign what the LRS owns ({@code id} when
 * missing, {@code stored}, {@code authority}, and {@code timestamp}/{@code version} when missing).
 * Pure: no network, no clock or id source of its own.
 */
public final class StatementBatchPreparer {

  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final ObjectMapper json;
  private final StatementValidator validator;
  private final IngestLimits limits;
  private final Supplier<UUID> ids;
  private final StoredTimestamps stored = new StoredTimestamps();

  public StatementBatchPreparer(ObjectMapper json, StatementValidator validator, IngestLimits limits,
      Supplier<UUID> ids) {
    this.json = Objects.requireNonNull(json);
    this.validator = Objects.requireNonNull(validator);
    this.limits = Objects.requireNonNull(limits);
    this.ids = Objects.requireNonNull(ids);
  }

  public StatementBatchPreparer(StatementValidator validator, IngestLimits limits) {
    this(new ObjectMapper(), validator, limits, new RandomStatementIds());
  }

  /** {@code POST /statements}: one statement or an array of them. */
  public Preparation preparePost(String tenant, JsonNode authority, XapiVersion version, byte[] body,
      Instant now) {
    Object parsed = parse(body);
    if (parsed instanceof Preparation.Refused refused) {
      return refused;
    }
    JsonNode root = (JsonNode) parsed;
    if (root.isArray() && root.size() > limits.maxBatchStatements()) {
      return new Preparation.Refused(413, "batch too large", List.of(new Violation("$", "batch.too-large",
          "holds " + root.size() + " statements; send at most " + limits.maxBatchStatements()
              + " per request")));
    }
    List<Violation> violations = validator.validateBatch(root, version);
    if (!violations.isEmpty()) {
      return new Preparation.Refused(400, "invalid statement", violations);
    }
    String stored = this.stored.format(now);
    List<PreparedStatement> out = new ArrayList<>(root.isArray() ? root.size() : 1);
    if (root.isArray()) {
      for (JsonNode statement : root) {
        out.add(assign(tenant, authority, version, (ObjectNode) statement, stored));
      }
    } else {
      out.add(assign(tenant, authority, version, (ObjectNode) root, stored));
    }
    return new Preparation.Ready(out);
  }

  /** {@code PUT /statements?statementId=}: exactly one statement whose id is the parameter. */
  public Preparation preparePut(String tenant, JsonNode authority, XapiVersion version, String statementId,
      byte[] body, Instant now) {
    if (statementId == null || statementId.isBlank()) {
      return refused("query:statementId", "statementId.required",
          "PUT /statements needs the statementId query parameter naming the statement's UUID");
    }
    if (!UUID_TEXT.matcher(statementId).matches()) {
      return refused("query:statementId", "statementId.uuid",
          "statementId '" + statementId + "' is not a UUID (8-4-4-4-12 hex digits)");
    }
    Object parsed = parse(body);
    if (parsed instanceof Preparation.Refused refused) {
      return refused;
    }
    JsonNode root = (JsonNode) parsed;
    if (!root.isObject()) {
      return refused("$", "put.single-statement", "PUT /statements takes one statement object, not "
          + root.getNodeType().toString().toLowerCase());
    }
    JsonNode id = root.get("id");
    if (id != null && !(id.isTextual() && id.asText().equalsIgnoreCase(statementId))) {
      return refused("$.id", "id.matches-statementId",
          "the statement's id differs from the statementId parameter '" + statementId + "'; make them equal or drop the id");
    }
    List<Violation> violations = validator.validate(root, version, "$");
    if (!violations.isEmpty()) {
      return new Preparation.Refused(400, "invalid statement", violations);
    }
    ((ObjectNode) root).put("id", statementId.toLowerCase());
    return new Preparation.Ready(List.of(assign(tenant, authority, version, (ObjectNode) root, stored.format(now))));
  }

  private Object parse(byte[] body) {
    if (body.length > limits.maxBodyBytes()) {
      return new Preparation.Refused(413, "request body too large", List.of(new Violation("$", "body.too-large",
          "the body has " + body.length + " bytes; send at most " + limits.maxBodyBytes() + " per request")));
    }
    if (body.length == 0) {
      return refused("$", "body.required", "the request body is empty; send a statement or an array of statements");
    }
    try {
      JsonNode root = json.readTree(body);
      if (root == null || root.isMissingNode()) {
        return refused("$", "body.required", "the request body is empty; send a statement or an array of statements");
      }
      return root;
    } catch (JsonProcessingException e) {
      return refused("$", "json.syntax", "the body is not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
              + ", column " + e.getLocation().getColumnNr()));
    } catch (IOException e) {
      return refused("$", "json.syntax", "the body could not be read as JSON: " + e.getMessage());
    }
  }

  private PreparedStatement assign(String tenant, JsonNode authority, XapiVersion version, ObjectNode statement,
      String stored) {
    boolean idFromClient = statement.hasNonNull("id");
    // only a client-chosen id can be sent again, so only then is the content worth a fingerprint
    StatementFingerprint fingerprint = idFromClient ? StatementFingerprint.of(statement) : null;
    String id = idFromClient ? statement.get("id").asText().toLowerCase() : ids.get().toString();
    statement.put("id", id);
    statement.put("stored", stored);
    statement.set("authority", authority);
    if (!statement.hasNonNull("timestamp")) {
      statement.put("timestamp", stored);
    }
    if (!statement.hasNonNull("version")) {
      statement.put("version", XapiVersionHeader.statementVersionFor(version));
    }
    try {
      return new PreparedStatement(id, ActorKey.of(tenant, statement.get("actor")), json.writeValueAsBytes(statement),
          fingerprint, idFromClient);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A validated statement could not be written as JSON", e);
    }
  }

  private static Preparation.Refused refused(String path, String rule, String message) {
    return new Preparation.Refused(400, "invalid request", List.of(new Violation(path, rule, message)));
  }
}
