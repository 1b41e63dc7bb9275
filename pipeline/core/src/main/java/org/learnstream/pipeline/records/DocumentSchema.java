package org.learnstream.pipeline.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versioned migrations of the document database, applied in order at start-up and recorded in
 * {@code document_schema_migrations}: by the endpoint, whose xAPI documents it holds, and by the job, which keeps the
 * learner records there too (the job alone, with {@code run}, creates them for statements written to Kafka). Plain
 * SQL that H2 and PostgreSQL both run: VARCHAR, BIGINT and BYTEA only; {@code {now}} stands for the time the migration
 * is applied, in epoch milliseconds. Every statement may run again on what it did before ({@code IF NOT EXISTS}, an
 * insert or update of the rows it has not yet written): H2 commits each DDL statement at once, so a process killed
 * in a migration leaves part of it done and unrecorded, and the next start applies it again from the top.
 * Long identifiers (activity IRIs, document ids) are addressed by their SHA-256 so that keys stay short.
 */
public final class DocumentSchema {

  /** The name H2 gives the copy of a table it alters: {@code <TABLE>_COPY_<session>_<n>}. */
  private static final Pattern H2_TABLE_COPY = Pattern.compile("(.+)_COPY_\\d+_\\d+");

  private static final List<String> MIGRATIONS = List.of(
      // 1: documents of the State, Activity Profile and Agent Profile resources, and known activity definitions
      """
          CREATE TABLE IF NOT EXISTS xapi_documents (
            tenant VARCHAR(200) NOT NULL,
            resource VARCHAR(20) NOT NULL,
            scope_sha256 CHAR(64) NOT NULL,
            id_sha256 CHAR(64) NOT NULL,
            activity_id VARCHAR(2048),
            agent_sha256 CHAR(64),
            registration VARCHAR(36),
            document_id VARCHAR(2048) NOT NULL,
            content_type VARCHAR(255) NOT NULL,
            content BYTEA NOT NULL,
            etag CHAR(40) NOT NULL,
            updated_millis BIGINT NOT NULL,
            PRIMARY KEY (tenant, resource, scope_sha256, id_sha256)
          );
          CREATE INDEX IF NOT EXISTS xapi_documents_by_time
            ON xapi_documents (tenant, resource, scope_sha256, updated_millis);
          CREATE TABLE IF NOT EXISTS xapi_activities (
            tenant VARCHAR(200) NOT NULL,
            id_sha256 CHAR(64) NOT NULL,
            activity_id VARCHAR(2048) NOT NULL,
            definition BYTEA NOT NULL,
            updated_millis BIGINT NOT NULL,
            PRIMARY KEY (tenant, id_sha256)
          )
          """,
      // 2: attachment content of statements, per tenant and addressed by its SHA-2 (up to 128 hex digits)
      """
          CREATE TABLE IF NOT EXISTS xapi_attachments (
            tenant VARCHAR(200) NOT NULL,
            sha2 VARCHAR(128) NOT NULL,
            content_type VARCHAR(255) NOT NULL,
            content BYTEA NOT NULL,
            stored_millis BIGINT NOT NULL,
            PRIMARY KEY (tenant, sha2)
          )
          """,
      // 3: learner records (org.learnstream.pipeline.records): per tenant x learner a random id, pseudonym and data
      // key, found by an HMAC lookup key, so no identifier is stored; the primary key makes the first writer win
      """
          CREATE TABLE IF NOT EXISTS learner_records (
            tenant VARCHAR(200) NOT NULL,
            lookup_key CHAR(32) NOT NULL,
            record_id CHAR(36) NOT NULL,
            pseudonym CHAR(32) NOT NULL,
            data_key BYTEA NOT NULL,
            created_millis BIGINT NOT NULL,
            PRIMARY KEY (tenant, lookup_key)
          );
          CREATE UNIQUE INDEX IF NOT EXISTS learner_records_by_id ON learner_records (tenant, record_id)
          """,
      // 4: the erasure epoch of the learner records: one row whose counter every erase raises in the transaction of
      // its delete, so a process caching records learns with one primary-key read that its cache may hold one erased
      """
          CREATE TABLE IF NOT EXISTS learner_record_erasures (
            singleton INTEGER NOT NULL,
            epoch BIGINT NOT NULL,
            PRIMARY KEY (singleton)
          );
          INSERT INTO learner_record_erasures (singleton, epoch)
            SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM learner_record_erasures)
          """,
      // 5: derived rows name learners by their record's pseudonym. An erased record leaves its lookup key and the
      // time of the erasure, so that what was stored for the identifier before then (a clear statement still on its
      // way, or read again) is not taken for the record that follows; the record that follows notes that time.
      // Records are found by pseudonym too (erase and export by --pseudonym)
      """
          CREATE TABLE IF NOT EXISTS erased_learner_lookups (
            tenant VARCHAR(200) NOT NULL,
            lookup_key CHAR(32) NOT NULL,
            erased_millis BIGINT NOT NULL,
            PRIMARY KEY (tenant, lookup_key)
          );
          ALTER TABLE learner_records ADD COLUMN IF NOT EXISTS predecessor_erased_millis BIGINT;
          CREATE INDEX IF NOT EXISTS learner_records_by_pseudonym ON learner_records (tenant, pseudonym)
          """,
      // 6: when each record was last used for a statement (to within LearnerRecordStore.LAST_USE_PRECISION), so that
      // retention removes the records of learners inactive for the events' window and the erasure memos as old.
      // Records that exist already count as used when the migration runs: their last use is not known
      """
          ALTER TABLE learner_records ADD COLUMN IF NOT EXISTS last_used_millis BIGINT;
          UPDATE learner_records SET last_used_millis = {now} WHERE last_used_millis IS NULL;
          ALTER TABLE learner_records ALTER COLUMN last_used_millis SET NOT NULL;
          CREATE INDEX IF NOT EXISTS learner_records_by_last_use ON learner_records (tenant, last_used_millis);
          CREATE INDEX IF NOT EXISTS erased_learner_lookups_by_time ON erased_learner_lookups (tenant, erased_millis)
          """);

  private DocumentSchema() {
  }

  /** The version a database has once every migration is applied. */
  public static int latestVersion() {
    return MIGRATIONS.size();
  }

  /**
   * Applies the migrations the database lacks; returns their versions. Other processes opening the database at the
   * same time wait for their turn ({@link MigrationTurn}) and then find them applied. Each migration is committed
   * with its record, so that the next migrator never sees one without the other.
   */
  public static List<Integer> migrate(Connection c) throws SQLException {
    try (MigrationTurn turn = MigrationTurn.take(c)) {
      try {
        return applyMissing(c);
      } catch (SQLException | RuntimeException e) {
        rollBack(c, e); // PostgreSQL releases the turn only in a transaction that has not failed
        throw e;
      }
    }
  }

  /**
   * H2 alters a table ({@code ADD COLUMN}) by filling a copy named {@code <TABLE>_COPY_<session>_<n>}, dropping the
   * table and renaming the copy, each step committed: a process killed between the drop and the rename leaves the copy
   * alone, whole, with its indexes named after it; one killed before the drop leaves both, the table as it was. The
   * first is finished here (the copy and its indexes renamed back), the second undone (the copy dropped, and the
   * migration's {@code ADD COLUMN IF NOT EXISTS} runs again). PostgreSQL alters in place, inside the transaction: it
   * has no such copies.
   */
  private static void finishInterruptedCopies(Connection c) throws SQLException {
    List<String> tables = names(c, "SELECT UPPER(TABLE_NAME) FROM INFORMATION_SCHEMA.TABLES "
        + "WHERE UPPER(TABLE_SCHEMA) = UPPER(CURRENT_SCHEMA)");
    for (String copy : tables) {
      Matcher name = H2_TABLE_COPY.matcher(copy);
      if (!name.matches()) {
        continue;
      }
      String table = name.group(1);
      try (Statement s = c.createStatement()) {
        if (tables.contains(table)) {
          s.execute("DROP TABLE \"" + copy + "\"");
        } else {
          s.execute("ALTER TABLE \"" + copy + "\" RENAME TO \"" + table + "\"");
          for (String index : names(c, "SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE UPPER(TABLE_SCHEMA) = "
              + "UPPER(CURRENT_SCHEMA) AND INDEX_NAME LIKE '" + copy.replace("_", "\\_") + "\\_%'")) {
            s.execute("ALTER INDEX \"" + index + "\" RENAME TO \"" + index.substring(copy.length() + 1) + "\"");
          }
        }
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
  }

  private static List<String> names(Connection c, String sql) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        names.add(r.getString(1));
      }
    }
    return names;
  }

  /** Rolls back what failed; when the rollback fails too (the connection broke), {@code cause} is still reported. */
  private static void rollBack(Connection c, Exception cause) {
    try {
      if (!c.getAutoCommit()) {
        c.rollback();
      }
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static List<Integer> applyMissing(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS document_schema_migrations (version INTEGER PRIMARY KEY, "
          + "applied_millis BIGINT NOT NULL)");
    }
    finishInterruptedCopies(c);
    int current = 0;
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM document_schema_migrations")) {
      if (r.next()) {
        current = r.getInt(1);
      }
    }
    List<Integer> applied = new ArrayList<>();
    for (int version = current + 1; version <= MIGRATIONS.size(); version++) {
      try (Statement s = c.createStatement()) {
        // {now}: the time the migration runs, which the two databases would each spell differently in SQL
        String migration = MIGRATIONS.get(version - 1).replace("{now}", Long.toString(System.currentTimeMillis()));
        for (String sql : migration.split(";")) {
          if (!sql.isBlank()) {
            s.execute(sql);
          }
        }
      }
      try (PreparedStatement p = c.prepareStatement(
          "INSERT INTO document_schema_migrations (version, applied_millis) VALUES (?, ?)")) {
        p.setInt(1, version);
        p.setLong(2, System.currentTimeMillis());
        p.executeUpdate();
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
      applied.add(version);
    }
    return applied;
  }
}
