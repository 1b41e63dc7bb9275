package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.learnstream.pipeline.xapi.SealingFacts;
import org.learnstream.pipeline.xapi.StatementSize;
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

  private static final Pattern UUID_TEXT = Pattern
      .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** A body check that refuses nothing. */
  public static final Function<JsonNode, Optional<Violation>> NO_BODY_CHECK = root -> Optional.empty();

  private final ObjectMapper json;
  private final StatementValidator validator;
  private final IngestLimits limits;
  private final Supplier<UUID> ids;
  /** The JSON text of each authority (one per tenant key), written once. */
  private final Map<JsonNode, String> authorityJson = new ConcurrentHashMap<>();
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
    return preparePost(tenant, authority, version, body, now, NO_BODY_CHECK);
  }

  /**
   * As {@link #preparePost(String, JsonNode, XapiVersion, byte[], Instant)}, first asking {@code bodyCheck} about the
   * parsed body (e.g. attachments that need parts), whose violation refuses it with 400.
   */
  public Preparation preparePost(String tenant, JsonNode authority, XapiVersion version, byte[] body,
      Instant now, Function<JsonNode, Optional<Violation>> bodyCheck) {
    Object parsed = parse(body, bodyCheck);
    if (parsed instanceof Preparation.Refused refused) {
      return refused;
    }
    LocatedBody located = (LocatedBody) parsed;
    JsonNode root = located.root();
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
    ServerMembers members = new ServerMembers(stored, now, authority, version);
    List<PreparedStatement> out = new ArrayList<>(root.isArray() ? root.size() : 1);
    if (root.isArray()) {
      for (int i = 0; i < root.size(); i++) {
        out.add(assign(tenant, (ObjectNode) root.get(i), members, body, located, i));
      }
    } else {
      out.add(assign(tenant, (ObjectNode) root, members, body, located, 0));
    }
    return refusedIfTooLarge(new Preparation.Ready(out, root.isArray()));
  }

  /** {@code PUT /statements?statementId=}: exactly one statement whose id is the parameter. */
  public Preparation preparePut(String tenant, JsonNode authority, XapiVersion version, String statementId,
      byte[] body, Instant now) {
    return preparePut(tenant, authority, version, statementId, body, now, NO_BODY_CHECK);
  }

  /** As {@link #preparePut(String, JsonNode, XapiVersion, String, byte[], Instant)}, with a check of the body. */
  public Preparation preparePut(String tenant, JsonNode authority, XapiVersion version, String statementId,
      byte[] body, Instant now, Function<JsonNode, Optional<Violation>> bodyCheck) {
    if (statementId == null || statementId.isBlank()) {
      return refused("query:statementId", "statementId.required",
          "PUT /statements needs the statementId query parameter naming the statement's UUID");
    }
    if (!UUID_TEXT.matcher(statementId).matches()) {
      return refused("query:statementId", "statementId.uuid",
          "statementId '" + statementId + "' is not a UUID (8-4-4-4-12 hex digits)");
    }
    Object parsed = parse(body, bodyCheck);
    if (parsed instanceof Preparation.Refused refused) {
      return refused;
    }
    JsonNode root = ((LocatedBody) parsed).root();
    if (!root.isObject()) {
      return refused("$", "put.single-statement", "PUT /statements takes one statement object, not "
          + root.getNodeType().toString().toLowerCase());
    }
    JsonNode id = root.get("id");
    if (id != null && !(id.isTextual() && id.asText().equalsIgnoreCase(statementId))) {
      return refused("$.id", "id.matches-statementId",
          "the statement's id differs from the statementId parameter '" + statementId
              + "'; make them equal or drop the id");
    }
    List<Violation> violations = validator.validate(root, version, "$");
    if (!violations.isEmpty()) {
      return new Preparation.Refused(400, "invalid statement", violations);
    }
    ((ObjectNode) root).put("id", statementId.toLowerCase());
    ServerMembers members = new ServerMembers(stored.format(now), now, authority, version);
    return refusedIfTooLarge(
        new Preparation.Ready(List.of(assign(tenant, (ObjectNode) root, members, body, null, 0)), false));
  }

  /**
   * {@code ready}, or 413 naming each of its statements over {@link StatementSize}'s limits (its bytes as stored, the
   * people it names), which the job could not carry to its event log in one Kafka record.
   */
  private static Preparation refusedIfTooLarge(Preparation.Ready ready) {
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < ready.statements().size(); i++) {
      String path = ready.pathAt(i);
      PreparedStatement s = ready.statements().get(i);
      StatementSize.check(path, s.json().length).or(() -> StatementSize.checkPeople(path,
          s.facts().otherPeople().size())).ifPresent(violations::add);
    }
    return violations.isEmpty() ? ready : new Preparation.Refused(413, "statement too large", violations);
  }

  private Object parse(byte[] body, Function<JsonNode, Optional<Violation>> bodyCheck) {
    if (body.length > limits.maxBodyBytes()) {
      return new Preparation.Refused(413, "request body too large", List.of(new Violation("$", "body.too-large",
          "the body has " + body.length + " bytes; send at most " + limits.maxBodyBytes() + " per request")));
    }
    if (body.length == 0) {
      return refused("$", "body.required", "the request body is empty; send a statement or an array of statements");
    }
    try {
      LocatedBody located = LocatedBody.parse(json, body);
      JsonNode root = located.root();
      if (root == null || root.isMissingNode()) {
        return refused("$", "body.required", "the request body is empty; send a statement or an array of statements");
      }
      Optional<Violation> refusal = bodyCheck.apply(root);
      return refusal.isPresent()
          ? new Preparation.Refused(400, "invalid request", List.of(refusal.get()))
          : located;
    } catch (JsonProcessingException e) {
      return refused("$", "json.syntax", "the body is not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null
              ? ""
              : " at line " + e.getLocation().getLineNr()
                  + ", column " + e.getLocation().getColumnNr()));
    } catch (IOException e) {
      return refused("$", "json.syntax", "the body could not be read as JSON: " + e.getMessage());
    }
  }

  /**
   * @param located where the statement's bytes lie in {@code body}; null to write it from the tree
   */
  private PreparedStatement assign(String tenant, ObjectNode statement, ServerMembers members, byte[] body,
      LocatedBody located, int index) {
    boolean idFromClient = statement.hasNonNull("id");
    // only a client-chosen id can be sent again, so only then is the content worth a fingerprint
    StatementFingerprint fingerprint = idFromClient ? StatementFingerprint.of(statement) : null;
    String id = idFromClient ? statement.get("id").asText().toLowerCase() : ids.get().toString();
    String key = ActorKey.of(tenant, statement.get("actor"));
    byte[] accepted = located != null && located.located() && spliceable(statement)
        ? StatementSplice.insertMembers(body, located.starts()[index], located.ends()[index],
            members.missingFrom(statement, idFromClient ? null : id))
        : withMembersFromTree(statement, id, members);
    return new PreparedStatement(id, key, accepted, fingerprint, idFromClient, null,
        SealingFacts.of(statement, members.storedMillis), DefinedActivity.in(statement));
  }

  /**
   * Whether adding the server's members can be a pure insertion: the client sent no {@code stored} or
   * {@code authority} (the server replaces them), no id the server would rewrite (upper case, or null),
   * and no null timestamp or version (the server fills those in).
   */
  private static boolean spliceable(ObjectNode statement) {
    if (statement.has("stored") || statement.has("authority")) {
      return false;
    }
    JsonNode id = statement.get("id");
    if (id != null && !(id.isTextual() && id.asText().equals(id.asText().toLowerCase()))) {
      return false;
    }
    JsonNode timestamp = statement.get("timestamp");
    JsonNode version = statement.get("version");
    return (timestamp == null || !timestamp.isNull()) && (version == null || !version.isNull());
  }

  private byte[] withMembersFromTree(ObjectNode statement, String id, ServerMembers members) {
    statement.put("id", id);
    statement.put("stored", members.stored);
    statement.set("authority", members.authority);
    if (!statement.hasNonNull("timestamp")) {
      statement.put("timestamp", members.stored);
    }
    if (!statement.hasNonNull("version")) {
      statement.put("version", members.statementVersion);
    }
    try {
      return json.writeValueAsBytes(statement);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A validated statement could not be written as JSON", e);
    }
  }

  /** {@code node} as JSON text. */
  private String jsonText(JsonNode node) {
    try {
      return json.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The authority could not be written as JSON", e);
    }
  }

  /** What the server stamps on every statement of one request, with the splice text built once. */
  private final class ServerMembers {
    private static final byte[] NOTHING = new byte[0];

    final String stored;
    /** {@link #stored} as epoch milliseconds, once for the request's statements. */
    final long storedMillis;
    final JsonNode authority;
    final String statementVersion;
    private final byte[] storedAndAuthority;
    private final byte[] timestamp;
    private final byte[] version;

    ServerMembers(String stored, Instant now, JsonNode authority, XapiVersion version) {
      this.stored = stored;
      this.storedMillis = now.toEpochMilli(); // what StoredTimestamps writes, to the millisecond
      this.authority = authority;
      this.statementVersion = XapiVersionHeader.statementVersionFor(version);
      this.storedAndAuthority = StatementSplice.utf8(StatementSplice.plainMember("stored", stored) + ",\"authority\":"
          + authorityJson.computeIfAbsent(authority, StatementBatchPreparer.this::jsonText));
      this.timestamp = StatementSplice.utf8("," + StatementSplice.plainMember("timestamp", stored));
      this.version = StatementSplice.utf8("," + StatementSplice.plainMember("version", statementVersion));
    }

    /**
     * The members {@code statement} lacks, as splice pieces; {@code newId} null when it keeps its own id. Only the id
     * differs from one statement of the request to the next.
     */
    byte[][] missingFrom(ObjectNode statement, String newId) {
      return new byte[][] {
          newId == null ? NOTHING : StatementSplice.plainMemberAndComma("id", newId),
          storedAndAuthority,
          statement.has("timestamp") ? NOTHING : timestamp,
          statement.has("version") ? NOTHING : version};
    }
  }

  private static Preparation.Refused refused(String path, String rule, String message) {
    return new Preparation.Refused(400, "invalid request", List.of(new Violation(path, rule, message)));
  }
}
