package org.learnstream.jobs.cli;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.ingest.DocumentsErasure;
import org.learnstream.jobs.ingest.documents.DocumentDatabase;
import org.learnstream.jobs.ingest.documents.DocumentRecordTransactions;
import org.learnstream.jobs.ingest.documents.PersonDocuments;
import org.learnstream.jobs.settings.DocumentOptions;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.Pseudonymizer;

/**
 * What the documents database the settings name (documents.url, else the embedded one under runtime.data-dir, which
 * a running {@code serve} shares with this process) holds on one person: their learner records and their State and
 * Agent Profile documents, for {@code erase} and {@code export}.
 */
final class LearnerDocuments {

  /** Why the documents database was not reached when the settings name none. */
  static final String NONE_NAMED = "not reached: no documents database named (set documents.url, or the "
      + "runtime.data-dir of serve)";

  private LearnerDocuments() {
  }

  /**
   * The pseudonyms of the person's learner records by canonical identifier (none when the settings name no documents
   * database), read before {@link #erase}: the job names the person by them.
   */
  static Map<String, String> recordPseudonyms(ReadableConfig settings, String tenant, ActorIdentifier identifier,
      Pseudonymizer lookupKeys) {
    if (!named(settings)) {
      return Map.of();
    }
    return inDatabase(settings, lookupKeys, "erase",
        (database, records) -> PersonDocuments.recordPseudonyms(records, tenant, identifier));
  }

  /**
   * Deletes the person's records, then their State and Agent Profile documents (by {@code pseudonym} when
   * {@code identifier} is empty: the record that carries it), then the attachment content under {@code attachments};
   * what the receipt says of them.
   */
  static DocumentsErasure erase(ReadableConfig settings, String tenant, Optional<ActorIdentifier> identifier,
      String pseudonym, Set<String> attachments, Pseudonymizer lookupKeys) {
    if (!named(settings)) {
      return identifier.isEmpty() ? DocumentsErasure.byPseudonym() : DocumentsErasure.notReached(NONE_NAMED);
    }
    return inDatabase(settings, lookupKeys, "erase", (database, records) -> PersonDocuments.erasure(database,
        records, tenant, identifier, pseudonym, attachments));
  }

  /** What the documents database holds on one person: their learner records, and State and Agent Profile documents. */
  record Held(List<LearnerRecord> records, List<PersonDocuments.Document> documents) {

    boolean isEmpty() {
      return records.isEmpty() && documents.isEmpty();
    }
  }

  /**
   * The person's learner records (found by {@code lookupKeys}, as the endpoint finds them) and documents; empty when
   * the settings name no documents database.
   */
  static Optional<Held> read(ReadableConfig settings, String tenant, ActorIdentifier identifier,
      Pseudonymizer lookupKeys) {
    if (!named(settings)) {
      return Optional.empty();
    }
    return Optional.of(inDatabase(settings, lookupKeys, "export", (database, records) -> new Held(
        records.findPerson(tenant, identifier), new PersonDocuments(database).of(tenant, identifier))));
  }

  /**
   * The learner record that carries {@code pseudonym}, as {@link Held} without documents (they are kept under the
   * identifier); empty when the settings name no documents database.
   */
  static Optional<Held> readByPseudonym(ReadableConfig settings, String tenant, String pseudonym,
      Pseudonymizer lookupKeys) {
    if (!named(settings)) {
      return Optional.empty();
    }
    return Optional.of(inDatabase(settings, lookupKeys, "export", (database, records) -> new Held(
        records.findByPseudonym(tenant, pseudonym).stream().toList(), List.of())));
  }

  /**
   * The attachment content kept under {@code sha2s} (what the person's statements name); empty when the settings
   * name no documents database.
   */
  static List<PersonDocuments.Attachment> attachments(ReadableConfig settings, String tenant, Set<String> sha2s,
      Pseudonymizer lookupKeys) {
    if (!named(settings) || sha2s.isEmpty()) {
      return List.of();
    }
    return inDatabase(settings, lookupKeys, "export",
        (database, records) -> new PersonDocuments(database).attachments(tenant, sha2s));
  }

  /** Work on the documents database and the learner records in it. */
  @FunctionalInterface
  private interface Work<T> {
    T run(DocumentDatabase database, LearnerRecordStore records) throws SQLException;
  }

  /** {@code work} on the database the settings name; a database that does not answer fails {@code command}. */
  private static <T> T inDatabase(ReadableConfig settings, Pseudonymizer lookupKeys, String command, Work<T> work) {
    try (DocumentDatabase database = open(settings)) {
      return work.run(database, new LearnerRecordStore(new DocumentRecordTransactions(database), lookupKeys));
    } catch (SQLException e) {
      throw new IllegalStateException("the documents database did not answer (SQLSTATE " + e.getSQLState()
          + "); nothing was " + (command.equals("erase") ? "erased" : "exported") + ", run " + command + " again", e);
    }
  }

  /** Whether the settings name a documents database. */
  static boolean named(ReadableConfig settings) {
    return settings.get(DocumentOptions.URL) != null || settings.get(RuntimeOptions.DATA_DIR) != null;
  }

  /** The documents database the settings name; see {@link #named}. */
  static DocumentDatabase open(ReadableConfig settings) {
    String dataDir = settings.get(RuntimeOptions.DATA_DIR);
    return DocumentDatabase.open(settings, dataDir == null ? null : Path.of(dataDir));
  }
}
