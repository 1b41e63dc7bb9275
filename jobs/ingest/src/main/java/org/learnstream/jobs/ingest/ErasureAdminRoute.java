package org.learnstream.jobs.ingest;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.learnstream.pipeline.clickhouse.AuditLog;
import org.learnstream.pipeline.clickhouse.ErasureReceipts;
import org.learnstream.pipeline.clickhouse.LearnerErasure;
import org.learnstream.pipeline.kafka.ErasureLedger;
import org.learnstream.pipeline.kafka.SettledRecordsDeletion;
import org.learnstream.pipeline.clickhouse.PersonErasure;
import org.learnstream.pipeline.records.ErasedLearnerRecord;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.Pseudonymizer;
import org.learnstream.pipeline.xapi.Violation;

/**
 * One learner's erasure over HTTP, for the administrator only: {@code POST /admin/erasures} with
 * {@code {"tenant": T, "agent": {"mbox" | "mbox_sha1sum" | "openid" | "account": ...}}} (one xAPI identifier) or
 * {@code {"tenant": T, "pseudonym": P}}. It runs the erasure of {@code learnstream erase} and answers its receipt,
 * which names the learner as the receipt does, by {@code learnerDigest}
 * ({@link org.learnstream.pipeline.xapi.LearnerDigest}, never the pseudonym):
 * 200 when the verification scan found nothing left, 500 when it did. An mbox also erases the learner recorded by its
 * mbox_sha1sum: that pseudonym's receipt is in {@code sameLearner}. A person whom only the documents database knows
 * (learner records, State or Agent Profile documents, no ClickHouse row) is erased there, recorded and receipted all
 * the same; {@code clickhouse}, {@code learnerRecords} and {@code documents} say what each store held. A person no
 * store knows is 404 and a malformed request 400, both changing nothing. The request waits for ClickHouse's
 * mutations, as the command does.
 *
 * <p>As the command, it first appends the erasure to the ledger ({@link ErasureLedger}) and waits for the running job
 * to have cleared the learner's state, unless the body says {@code "withoutJob": true}; a job that does not apply it
 * in time answers 503 with what to do, and no row was deleted. After the tables it deletes the raw statements the job
 * has read, as the command does; the first receipt counts them and {@code jobState} says what stayed.
 */
public final class ErasureAdminRoute {

  private final AdminAccess access;
  private final Client client;
  private final String database;
  private final Pseudonymizer pseudonymizer;
  private final Duration timeout;
  private final ErasureLedger ledger;
  private final String jobGroup;
  private final List<SettledRecordsDeletion> settled;
  private final DocumentsErasure.Eraser documents;

  /**
   * Erasures on {@code client}'s {@code database}, recorded in {@code ledger} and awaited from the job's ledger reader
   * {@code jobGroup}; {@code timeout} bounds both the wait for the job and the wait for the mutations. Once the job
   * has applied an erasure, {@code settled} deletes what its topics no longer need (raw statements it has read, dead
   * letters it has committed; empty: nothing).
   * {@code documents} deletes the learner's records (what the endpoint sealed their statements under) and then their
   * State and Agent Profile documents before anything else; null: there is no documents database.
   */
  public ErasureAdminRoute(AdminAccess access, Client client, String database, Pseudonymizer pseudonymizer,
      Duration timeout, ErasureLedger ledger, String jobGroup, List<SettledRecordsDeletion> settled,
      DocumentsErasure.Eraser documents) {
    this.documents = documents;
    this.ledger = ledger;
    this.jobGroup = jobGroup;
    this.settled = List.copyOf(settled);
    this.access = access;
    this.client = client;
    this.database = database;
    this.pseudonymizer = pseudonymizer;
    this.timeout = timeout;
  }

  /** Adds the route to {@code app} (before it starts). */
  public void route(Javalin app) {
    app.post("/admin/erasures", access.only(this::erase));
  }

  private void erase(Context ctx, String admin) {
    Instant requested = Instant.now();
    ObjectNode request = RouteAnswers.objectBody(ctx).orElse(null);
    if (request == null) {
      return;
    }
    String tenant = request.path("tenant").asText("");
    List<Violation> problems = new ArrayList<>();
    if (tenant.isBlank()) {
      problems.add(new Violation("$.tenant", "erasure.tenant-required", "name the learner's tenant"));
    }
    Optional<ActorIdentifier> identifier = Optional.empty();
    String pseudonym = request.path("pseudonym").asText(null);
    JsonNode agent = request.path("agent");
    if (agent.isObject() == (pseudonym != null)) {
      problems.add(new Violation("$", "erasure.one-learner",
          "name the learner once: an \"agent\" with one identifier, or a \"pseudonym\""));
    } else if (pseudonym != null && !pseudonym.matches("[0-9a-f]{32}")) {
      problems.add(new Violation("$.pseudonym", "erasure.pseudonym-form",
          "must be 32 lower-case hexadecimal digits (the learner column)"));
    } else if (agent.isObject()) {
      try {
        identifier = Optional.of(identifierOf(agent));
      } catch (ActorIdentifier.Malformed e) {
        problems.add(new Violation("$.agent." + e.member(), "erasure.agent-identifier", e.problem()));
      } catch (IllegalArgumentException e) {
        problems.add(new Violation("$.agent", "erasure.agent-identifier", e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      RouteAnswers.error(ctx, 400, "invalid request", problems);
      return;
    }
    PersonErasure erasure = new PersonErasure(new LearnerErasure(client, database, pseudonymizer, timeout),
        pseudonymizer);
    DocumentsErasure documentsErased;
    List<LearnerErasure.Plan> planned;
    try {
      Map<String, String> recordPseudonyms = documents == null || identifier.isEmpty()
          ? Map.of()
          : documents.recordPseudonyms(tenant, identifier.get());
      planned = erasure.planEach(erasure.learners(tenant, identifier, pseudonym, recordPseudonyms));
      documentsErased = erasedDocuments(tenant, identifier, pseudonym, erasure.attachmentsOnlyOf(planned));
    } catch (SQLException e) {
      RouteAnswers.error(ctx, 503, "learner records not reached", new Violation("$", "erasure.records-reached",
          "the documents database did not answer (SQLSTATE " + e.getSQLState() + "); nothing was erased, try again"));
      return;
    }
    List<LearnerErasure.Plan> plans;
    try {
      // a person nobody knows deleted nothing above, and is refused here, before anything is recorded
      plans = PersonErasure.toRun(planned, documentsErased.receiptRows());
    } catch (LearnerErasure.UnknownLearner e) {
      RouteAnswers.error(ctx, 404, "not found", new Violation("$", "erasure.known-learner", e.getMessage()));
      return;
    }
    String who = "http:" + admin;
    String awaited = request.path("withoutJob").asBoolean(false) ? null : jobGroup;
    Map<String, String> jobStates = new HashMap<>();
    List<ErasureReceipts.Receipt> receipts;
    try {
      receipts = erasure.execute(plans, requested, who, LearnerErasure.Listener.NONE,
          erasure.recordedIn(ledger, awaited, timeout, jobStates, settled), documentsErased.receiptRows());
    } catch (ErasureLedger.NotApplied e) {
      RouteAnswers.error(ctx, 503, "job not reached", new Violation("$.withoutJob", "erasure.job-applied",
          e.getMessage().replace("--without-job", "\"withoutJob\": true")));
      return;
    }
    AuditLog audit = new AuditLog(client, database);
    receipts.forEach(r -> audit.record(who, tenant, "erase", r.receiptId()));
    ObjectNode body = answer(receipts.get(0), jobStates.get(receipts.get(0).receiptId()));
    body.put("clickhouse", PersonErasure.clickHouseFound(planned));
    body.put("learnerRecords", documentsErased.records().summary());
    body.put("documents", documentsErased.documents());
    if (receipts.size() > 1) {
      ArrayNode sameLearner = body.putArray("sameLearner");
      receipts.stream().skip(1)
          .forEach(r -> sameLearner.add(answer(r, jobStates.get(r.receiptId())).without("notReached")));
    }
    RouteAnswers.json(ctx, receipts.stream().allMatch(ErasureReceipts.Receipt::verified) ? 200 : 500, body);
  }

  /**
   * Deletes the learner's records first, so that nothing sealed under them opens from here on, then their documents
   * and the attachment content under {@code attachments}; not reached without a documents database.
   */
  private DocumentsErasure erasedDocuments(String tenant, Optional<ActorIdentifier> identifier, String pseudonym,
      Set<String> attachments) throws SQLException {
    if (documents == null) {
      return DocumentsErasure.notReached("not reached: this endpoint serves no documents database");
    }
    return documents.erase(tenant, identifier, pseudonym, attachments);
  }

  /** The one identifier of an xAPI agent object, as {@link ActorIdentifier} checks it. */
  static ActorIdentifier identifierOf(JsonNode agent) {
    List<ActorIdentifier> given = new ArrayList<>();
    if (agent.hasNonNull("mbox")) {
      given.add(ActorIdentifier.mbox(agent.get("mbox").asText()));
    }
    if (agent.hasNonNull("mbox_sha1sum")) {
      given.add(ActorIdentifier.mboxSha1sum(agent.get("mbox_sha1sum").asText()));
    }
    if (agent.hasNonNull("openid")) {
      given.add(ActorIdentifier.openid(agent.get("openid").asText()));
    }
    if (agent.hasNonNull("account")) {
      JsonNode account = agent.get("account");
      given.add(ActorIdentifier.account(account.path("homePage").asText(null), account.path("name").asText(null)));
    }
    if (given.size() != 1) {
      throw new IllegalArgumentException("an agent has exactly one of mbox, mbox_sha1sum, openid, account (got "
          + given.size() + ")");
    }
    return given.get(0);
  }

  private static ObjectNode answer(ErasureReceipts.Receipt receipt, String jobState) {
    ObjectNode body = RouteAnswers.JSON.createObjectNode().put("receipt", receipt.receiptId())
        .put("tenant", receipt.tenant()).put("learnerDigest", receipt.learner())
        .put("requested", receipt.requestedAt().toString()).put("completed", receipt.completedAt().toString())
        .put("verified", receipt.verified());
    ObjectNode removed = body.putObject("rowsRemoved");
    receipt.rowsRemoved().forEach(removed::put);
    ObjectNode left = body.putObject("stillThere");
    receipt.scan().occurrences().forEach(left::put);
    body.put("jobState", jobState);
    body.put("notReached", ErasedLearnerRecord.NOT_REACHED);
    return body;
  }
}
