package org.learnstream.jobs.cli;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.ingest.documents.PersonDocuments;
import org.learnstream.jobs.pipeline.Pseudonyms;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.pipeline.clickhouse.AuditLog;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.LearnerExport;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.LearnerIdentifier;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.xapi.Pseudonymizer;
import org.learnstream.pipeline.xapi.SamePerson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Everything held on one learner, as JSON, for an access request. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Write everything the ClickHouse of clickhouse.url holds on one learner of a tenant (statements, "
        + "mastery history and current estimates, alerts and their deliveries, late events, the directory entry) "
        + "and their learner records (without the data key), xAPI State and Agent Profile documents (by identifier "
        + "only) and the attachment content their statements name in the documents database (documents.url, or "
        + "the embedded one under runtime.data-dir) as JSON to stdout or --out, for an access request.",
        "Name the learner by exactly one of --mbox, --mbox-sha1sum, --openid, --account-name with "
            + "--account-homepage, or --pseudonym. The export is recorded in audit_log under a request id, "
            + "without the learner. An unknown learner or a malformed identifier exits with 2 and writes nothing."})
final class ExportCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Pattern PSEUDONYM = Pattern.compile("[0-9a-f]{32}");

  @Mixin
  ConfigMixin config;

  @Spec
  CommandSpec spec;

  @Option(names = "--tenant", required = true, paramLabel = "TENANT", description = "The learner's tenant.")
  String tenant;

  @Mixin
  LearnerNameOptions learner;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON here instead of stdout.")
  Path out;

  @Override
  public Integer call() throws IOException {
    if (tenant.isBlank()) {
      throw new IllegalArgumentException("--tenant: must name the learner's tenant, e.g. school-north");
    }
    List<String> learners = new ArrayList<>(learners());
    Configuration settings = config.load();
    ClickHouseEndpoint endpoint = ConfiguredClickHouse.endpoint(settings, "export");
    Reachability.requireServicesOf(settings);
    Optional<LearnerDocuments.Held> held = learner.pseudonym != null
        ? LearnerDocuments.readByPseudonym(settings, tenant, learner.pseudonym, lookupKeys())
        : identifier().flatMap(id -> LearnerDocuments.read(settings, tenant, id, lookupKeys()));
    // the job names a learner by their record's pseudonym where it has the records, else by the identifier's HMAC:
    // the records' come first, so that the document's "learner" is the pseudonym their rows carry
    held.ifPresent(h -> learners.addAll(0, h.records().stream().map(LearnerRecord::pseudonym)
        .filter(p -> !learners.contains(p)).toList()));
    try (Client client = ClickHouseClients.create(endpoint)) {
      Map<String, List<Map<String, Object>>> tables = new LearnerExport(client, endpoint.database())
          .rows(tenant, learners, identifier().map(SamePerson::identifiersOf).orElse(List.of()));
      if (tables.values().stream().allMatch(List::isEmpty) && held.map(LearnerDocuments.Held::isEmpty).orElse(true)) {
        throw new IllegalArgumentException("tenant " + tenant + " holds no learner with this identifier;"
            + " nothing written. Check the tenant, the identifier and LEARNSTREAM_PSEUDONYM_KEY");
      }
      List<PersonDocuments.Attachment> attachments = LearnerDocuments.attachments(settings, tenant,
          attachmentsNamedIn(tables), lookupKeys());
      String requestId = UUID.randomUUID().toString();
      write(document(requestId, learners, tables, held, attachments));
      new AuditLog(client, endpoint.database()).record(System.getProperty("user.name"), tenant, "export",
          "request " + requestId);
      PrintWriter report = out == null ? spec.commandLine().getErr() : spec.commandLine().getOut();
      StringBuilder counts = new StringBuilder();
      tables.forEach((table, rows) -> counts.append(' ').append(table).append('=').append(rows.size()));
      held.ifPresent(h -> counts.append(" learner_records=").append(h.records().size())
          .append(" documents=").append(h.documents().size()).append(" attachments=").append(attachments.size()));
      report.println("exported" + counts + " to " + (out == null ? "stdout" : out) + "; request " + requestId
          + " recorded in " + endpoint.database() + "." + AuditLog.TABLE);
    }
    return 0;
  }

  /**
   * The pseudonym given, or those computed from the identifier as the pipeline computes them without learner records
   * (an e-mail address: its mbox and its mbox_sha1sum); the records' own pseudonyms join them once read.
   */
  private List<String> learners() {
    int given = learner.given();
    if (given != 1) {
      throw new IllegalArgumentException("name the learner by exactly one of --mbox, --mbox-sha1sum, --openid, "
          + "--account-name with --account-homepage, --pseudonym; " + given + " given");
    }
    if (learner.pseudonym != null) {
      if (!PSEUDONYM.matcher(learner.pseudonym).matches()) {
        throw new IllegalArgumentException("--pseudonym: must be 32 lower-case hex digits, as in the learner column");
      }
      return List.of(learner.pseudonym);
    }
    String canonical = LearnerIdentifier.canonical(learner.agent(), "identifier");
    Pseudonymizer pseudonyms = lookupKeys();
    return SamePerson.canonicalsOf(canonical).stream().map(c -> pseudonyms.learnerId(tenant, c)).toList();
  }

  /** The tenant key's pseudonyms, which also key the learner records' lookup. */
  private Pseudonymizer lookupKeys() {
    return Pseudonyms.fromKey(LearnstreamCli.environmentOf(spec).get(PipelineOptions.PSEUDONYM_KEY.name()));
  }

  /** The identifier given (already checked by {@link #learners()}); empty for a pseudonym. */
  private Optional<ActorIdentifier> identifier() {
    return learner.identifiers().stream().findFirst();
  }

  /** The lower-case SHA-2 of each attachment that the exported statements name, in their order. */
  private static Set<String> attachmentsNamedIn(Map<String, List<Map<String, Object>>> tables) {
    Set<String> sha2s = new LinkedHashSet<>();
    tables.values().forEach(rows -> rows.forEach(row -> {
      if (row.get("statement_json") instanceof JsonNode statement) {
        statement.path("attachments").forEach(a -> {
          if (a.path("sha2").isTextual()) {
            sha2s.add(a.path("sha2").asText().toLowerCase(Locale.ROOT));
          }
        });
      }
    }));
    return sha2s;
  }

  private Map<String, Object> document(String requestId, List<String> learners,
      Map<String, List<Map<String, Object>>> tables, Optional<LearnerDocuments.Held> held,
      List<PersonDocuments.Attachment> attachments) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("format", "learnstream-learner-export");
    doc.put("format_version", 1);
    doc.put("request_id", requestId);
    doc.put("exported_at", Instant.now().toString());
    doc.put("tenant", tenant);
    doc.put("learner", learners.get(0));
    doc.put("learners", learners);
    doc.put("tables", tables);
    held.ifPresent(h -> {
      doc.put("learner_records", h.records().stream().map(ExportCommand::exported).toList());
      doc.put("documents", h.documents().stream().map(ExportCommand::exported).toList());
      doc.put("attachments", attachments.stream().map(ExportCommand::exported).toList());
    });
    Map<String, String> notIncluded = new LinkedHashMap<>();
    notIncluded.put("kafka",
        "the topics carry the same statements, events, mastery updates and alerts as these tables");
    notIncluded.put("dead_letters", "refused input is kept by origin, not by learner: it cannot be attributed to one");
    if (held.isEmpty()) {
      notIncluded.put("documents", "xAPI State and Agent Profile documents: " + LearnerDocuments.NONE_NAMED);
      notIncluded.put("learner_records", "the records the learner's statements are sealed under: "
          + LearnerDocuments.NONE_NAMED);
      notIncluded.put("attachments", "the attachment content the learner's statements name: "
          + LearnerDocuments.NONE_NAMED);
    } else {
      if (learner.pseudonym != null) {
        notIncluded.put("documents", "xAPI State and Agent Profile documents: kept under the actor's identifier: "
            + "export by the identifier");
      }
      notIncluded.put("learner_records.data_key", "the key the learner's statements are sealed with in the logs "
          + "stays with the LRS: it is destroyed on erasure, which makes what the logs still hold of them unreadable");
    }
    if (learner.pseudonym != null) {
      notIncluded.put(LearnerExport.NAMING_LEARNER, "other actors' statements name the learner by identifier: "
          + "export by the identifier");
    }
    notIncluded.put("learner_daily, learner_skill_progress", "aggregates computed from the rows above");
    doc.put("not_included", notIncluded);
    return doc;
  }

  /** A learner record as exported: what it says of the learner, without its data key. */
  private static Map<String, Object> exported(LearnerRecord r) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("record_id", r.id().toString());
    row.put("pseudonym", r.pseudonym());
    row.put("created", r.created().toString());
    return row;
  }

  /** Attachment content as exported: in base64, whatever its type (a signature, an image, an essay). */
  private static Map<String, Object> exported(PersonDocuments.Attachment a) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("sha2", a.sha2());
    row.put("content_type", a.contentType());
    row.put("stored", a.stored().toString());
    row.put("content_base64", Base64.getEncoder().encodeToString(a.content()));
    return row;
  }

  /** A document as exported: its content as JSON when it is JSON, as text when it is text, else in base64. */
  private static Map<String, Object> exported(PersonDocuments.Document d) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("resource", d.resource().name());
    row.put("activity_id", d.activityId());
    row.put("registration", d.registration());
    row.put("id", d.documentId());
    row.put("content_type", d.contentType());
    row.put("updated", d.updated().toString());
    try {
      row.put("content", d.contentType().startsWith("application/json")
          ? JSON.readTree(d.content())
          : StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(d.content())).toString());
    } catch (IOException notJsonOrText) { // CharacterCodingException included: bytes that are not UTF-8
      row.put("content_base64", Base64.getEncoder().encodeToString(d.content()));
    }
    return row;
  }

  /** To a temporary file moved into place at the end, so that a failed export leaves no partial file. */
  private void write(Map<String, Object> doc) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    if (out == null) {
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.println(json.writeValueAsString(doc));
      stdout.flush();
      return;
    }
    Path absolute = out.toAbsolutePath();
    Path temporary = Files.createTempFile(absolute.getParent(), ".export-", ".json");
    try {
      json.writeValue(temporary.toFile(), doc);
      Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
