package org.learnstream.jobs.cli;

import com.clickhouse.client.api.Client;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.config.ConfigException;
import org.learnstream.jobs.ingest.DocumentsErasure;
import org.learnstream.jobs.pipeline.PipelineJob;
import org.learnstream.jobs.pipeline.Pseudonyms;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.pipeline.clickhouse.AuditLog;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.ErasureReceipts.Receipt;
import org.learnstream.pipeline.clickhouse.ErasureReceipts;
import org.learnstream.pipeline.clickhouse.LearnerErasure;
import org.learnstream.pipeline.clickhouse.PersonErasure;
import org.learnstream.pipeline.kafka.ErasureLedger;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.records.ErasedLearnerRecord;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.LearnerDigest;
import org.learnstream.pipeline.xapi.Pseudonymizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Erases one learner: first their learner records deleted (the keys of their sealed statements) and their documents,
 * refused only when neither these nor any ClickHouse table knew them, then appended to the erasure ledger and applied
 * by the running job (its state of the learner cleared, their later-arriving statements dropped), then every
 * per-learner row of the shared database, the school's database and the tables a replay kept, the aggregates
 * recomputed without them, then a scan of every table, then the raw statements the job has read deleted, and a receipt.
 */
@Command(name = "erase", mixinStandardHelpOptions = true,
    description = {"Erase one learner's rows from every ClickHouse table of clickhouse.url (learner by actor "
        + "identifier or pseudonym; an e-mail address also erases the learner recorded by its mbox_sha1sum, with a "
        + "receipt each), recompute the aggregates they were part of, scan every table for what is left and write a "
        + "receipt to erasure_receipts, which names the learner by digest (SHA-256 of tenant|pseudonym). "
        + "First each erasure is appended to the ledger (topic learner.erasures) and "
        + "erase waits for the running job to clear the learner's state (--without-job: not).",
        "Before any row, it deletes the learner's records in the documents database (documents.url, or the "
            + "embedded one under runtime.data-dir): what the endpoint sealed their statements in xapi.statements "
            + "under can no longer be opened; then their xAPI State and Agent Profile documents there, and the "
            + "attachment content that only the statements it erases name (a signed statement's signature among "
            + "it). A person "
            + "whom only the documents database knows (no ClickHouse row yet) is erased there, recorded in the "
            + "ledger and receipted with no ClickHouse rows; one whom no store knows exits with 2, changing nothing.",
        "After the tables, with the job awaited, it deletes from xapi.statements every record the job's consumer "
            + "group (kafka.group-id) has read, whoever's: their events are in the event log, and statements written "
            + "there in the clear (by producers other than the endpoint) would keep the learner's text readable; "
            + "and from dead.letters every committed record that the topic's consumer groups have read, whoever's: "
            + "each is kept in the dead_letters table too, where the learner's were deleted.",
        "Not reached: dead letters and clear statements in xapi.statements the job has not committed or read yet "
            + "(all of them with --without-job) and, in a job without learner records, learning.events keep the learner's "
            + "statements until their retention removes them; replay leaves them out. With the records, "
            + "learning.events holds them sealed under the erased record, which can no longer be opened."})
public final class EraseCommand implements Callable<Integer> {

  @Mixin
  ConfigMixin config;
  @Spec
  CommandSpec spec;

  @Option(names = "--tenant", required = true, paramLabel = "T", description = "The learner's tenant.")
  String tenant;
  @Mixin
  LearnerNameOptions learner;
  @Option(names = "--timeout", defaultValue = "PT10M", paramLabel = "DURATION",
      description = "How long to wait for the job to apply the erasure, and for ClickHouse's delete mutations "
          + "(default: ${DEFAULT-VALUE}).")
  String timeout;
  @Option(names = "--without-job", description = "Do not wait for a running job: the erasure stays in the ledger "
      + "and the job clears the learner when it next reads it (the receipt says so).")
  boolean withoutJob;

  @Override
  public Integer call() {
    if (tenant.isBlank()) {
      throw new IllegalArgumentException("--tenant: must not be empty");
    }
    Duration wait = parseTimeout();
    Pseudonymizer pseudonymizer = Pseudonyms.fromEnvironment(LearnstreamCli.environmentOf(spec));
    Optional<ActorIdentifier> identifier = identifier();
    String given = identifier.isPresent() ? null : checkedPseudonym();
    Configuration settings = config.load();
    ClickHouseEndpoint endpoint = ConfiguredClickHouse.endpoint(settings, "erase");
    Reachability.requireHttp(URI.create(endpoint.url()), "ClickHouse",
        "correct clickhouse.url (LEARNSTREAM_CLICKHOUSE_URL) or start the server");
    String bootstrap = settings.get(PipelineOptions.KAFKA_BOOTSTRAP);
    if (bootstrap == null) {
      throw new ConfigException("erase needs the Kafka of the erasure ledger: set kafka.bootstrap-servers in --config"
          + " or LEARNSTREAM_KAFKA_BOOTSTRAP_SERVERS=host:9092; a running local serve or run printed its own at start"
          + " (\"Kafka: embedded KRaft broker at 127.0.0.1:PORT\")");
    }
    Reachability.requireKafka(bootstrap, "correct kafka.bootstrap-servers (LEARNSTREAM_KAFKA_BOOTSTRAP_SERVERS) or "
        + "start the broker");
    ErasureLedger ledger = new ErasureLedger(bootstrap, PipelineJob.topic(settings, Topics.LEARNER_ERASURES));
    String jobGroup = withoutJob ? null : ErasureLedger.jobGroup(settings.get(PipelineOptions.CONSUMER_GROUP));
    Map<String, String> jobStates = new HashMap<>();
    Instant requested = Instant.now();
    PrintWriter out = spec.commandLine().getOut();
    List<Receipt> receipts;
    DocumentsErasure documentsErased;
    try (Client client = ClickHouseClients.create(endpoint)) {
      PersonErasure erasure = new PersonErasure(new LearnerErasure(client, endpoint.database(), pseudonymizer, wait),
          pseudonymizer);
      Map<String, String> recordPseudonyms = identifier
          .map(id -> LearnerDocuments.recordPseudonyms(settings, tenant, id, pseudonymizer)).orElse(Map.of());
      List<LearnerErasure.Plan> planned = erasure.planEach(erasure.learners(tenant, identifier, given,
          recordPseudonyms));
      // a person nobody knows deletes nothing here, and is refused below, before anything is recorded
      documentsErased = LearnerDocuments.erase(settings, tenant, identifier, given,
          erasure.attachmentsOnlyOf(planned), pseudonymizer);
      List<LearnerErasure.Plan> plans = PersonErasure.toRun(planned, documentsErased.receiptRows());
      // the pseudonym the operator asked about, beside the digest that its receipt and the ledger will name
      plans.forEach(plan -> out.println("erase: tenant " + tenant + ", learner " + plan.learner().pseudonym()
          + plan.learner().identifier().map(id -> " (by " + id.kind() + ")").orElse("") + ", digest "
          + LearnerDigest.of(tenant, plan.learner().pseudonym()) + ", in " + String.join(", ", plan.databases())));
      out.println("clickhouse: " + PersonErasure.clickHouseFound(planned));
      out.println("learner records: " + documentsErased.records().summary());
      out.println("documents: " + documentsErased.documents());
      out.flush();
      try (MutationProgress progress = new MutationProgress()) {
        receipts = erasure.execute(plans, requested, TenantsCommand.operator(), progress,
            erasure.recordedIn(ledger, jobGroup, wait, jobStates,
                PipelineJob.settledRecords(settings, bootstrap)),
            documentsErased.receiptRows());
      }
      AuditLog audit = new AuditLog(client, endpoint.database());
      receipts.forEach(r -> audit.record(TenantsCommand.operator(), tenant, "erase", r.receiptId()));
    }
    receipts.forEach(receipt -> print(out, receipt, removedLines(receipt), jobStates.get(receipt.receiptId()),
        documentsErased));
    return receipts.stream().allMatch(Receipt::verified) ? 0 : 1;
  }

  private static List<String> removedLines(Receipt receipt) {
    List<String> lines = new ArrayList<>();
    receipt.rowsRemoved().forEach((table, rows) -> lines.add(String.format("  %-60s %d", table, rows)));
    return lines;
  }

  private static void print(PrintWriter out, Receipt receipt, List<String> removed, String jobState,
      DocumentsErasure documentsErased) {
    out.println("learner digest " + receipt.learner() + ": rows removed per store (aggregates: rows of the learner's "
        + "days, computed again without them):");
    removed.forEach(out::println);
    out.println("removed=" + receipt.totalRemoved());
    out.println("verification: " + receipt.scan().total() + " rows mention the pseudonym or the identifier in "
        + receipt.scan().tablesScanned() + " tables (every column that holds text)");
    receipt.scan().occurrences().forEach((table, rows) -> out.println("  still there: " + table + " " + rows));
    out.println("receipt " + receipt.receiptId() + ": requested " + receipt.requestedAt() + ", completed "
        + receipt.completedAt() + ", verified=" + (receipt.verified() ? "yes" : "no") + " (table "
        + ErasureReceipts.TABLE + ")");
    out.println("job state: " + jobState);
    out.println("learner records: " + documentsErased.records().summary());
    out.println("documents: " + documentsErased.documents());
    out.println("not reached: " + ErasedLearnerRecord.NOT_REACHED);
    out.flush();
  }

  private Optional<ActorIdentifier> identifier() {
    List<ActorIdentifier> given = learner.identifiers();
    if (learner.given() != 1) {
      throw new IllegalArgumentException("name the learner once: one of --mbox, --mbox-sha1sum, --openid, "
          + "--account-homepage with --account-name, or --pseudonym (got " + learner.given() + ")");
    }
    return given.stream().findFirst();
  }

  private String checkedPseudonym() {
    if (!learner.pseudonym.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("--pseudonym: must be 32 lower-case hexadecimal digits (the learner column)");
    }
    return learner.pseudonym;
  }

  private Duration parseTimeout() {
    try {
      Duration parsed = Duration.parse(timeout);
      if (parsed.isNegative() || parsed.isZero()) {
        throw new IllegalArgumentException("--timeout: must be positive, got " + timeout);
      }
      return parsed;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--timeout: must be an ISO-8601 duration such as PT10M, got " + timeout, e);
    }
  }

  /** The parts the delete mutations still rewrite, as a progress bar (a plain line every 5 s off a terminal). */
  private static final class MutationProgress implements LearnerErasure.Listener, AutoCloseable {
    private ProgressBar bar;

    @Override
    public void mutationsPending(long mutations, long partsToDo) {
      if (bar == null && partsToDo > 0) {
        bar = Progress.bar("erase: parts to rewrite", partsToDo);
      }
      if (bar != null) {
        bar.stepTo(Math.max(0, bar.getMax() - partsToDo));
      }
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }
}
