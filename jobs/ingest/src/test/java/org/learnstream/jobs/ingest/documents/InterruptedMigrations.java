package org.learnstream.jobs.ingest.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.learnstream.pipeline.records.DocumentSchema;

/**
 * A process killed in a migration, after its statements took effect and before its version was recorded: H2 commits
 * each DDL statement at once, so the next start finds the tables and columns of a migration it has to apply again.
 * Made here by removing the version records of a migrated database from one version on.
 */
final class InterruptedMigrations {

  private InterruptedMigrations() {
  }

  /**
   * For each version: a fresh database ({@code fresh}, given the version) migrated, its records from that version on
   * removed, and opened again: the migrations run again, each is recorded once, and the erasure epoch's single row
   * stays single.
   */
  static void assertEachRunsAgainOnItsOwnEffects(IntFunction<Supplier<DocumentDatabase>> fresh)
      throws Exception {
    int latest = DocumentSchema.latestVersion();
    for (int from = 1; from <= latest; from++) {
      Supplier<DocumentDatabase> open = fresh.apply(from);
      try (DocumentDatabase database = open.get()) {
        int since = from;
        database.inTransaction(c -> {
          try (Statement s = c.createStatement()) {
            return s.executeUpdate("DELETE FROM document_schema_migrations WHERE version >= " + since);
          }
        });
      }
      try (DocumentDatabase again = open.get()) {
        assertThat(again.appliedMigrations()).as("applied again after an interruption from version %d", from)
            .isEqualTo(IntStream.rangeClosed(from, latest).boxed().toList());
        assertThat(versions(again)).as("versions recorded")
            .isEqualTo(IntStream.rangeClosed(1, latest).boxed().toList());
        assertThat(count(again, "SELECT COUNT(*) FROM learner_record_erasures")).as("erasure epoch rows").isEqualTo(1);
      }
    }
  }

  private static List<Integer> versions(DocumentDatabase database) throws Exception {
    return database.inTransaction(c -> {
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT version FROM document_schema_migrations ORDER BY version")) {
        List<Integer> versions = new ArrayList<>();
        while (r.next()) {
          versions.add(r.getInt(1));
        }
        return versions;
      }
    });
  }

  /** The first column of {@code sql}'s rows, as text. */
  static List<String> names(DocumentDatabase database, String sql) throws Exception {
    return database.inTransaction(c -> {
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
        List<String> names = new ArrayList<>();
        while (r.next()) {
          names.add(r.getString(1));
        }
        return names;
      }
    });
  }

  private static long count(DocumentDatabase database, String sql) throws Exception {
    return database.inTransaction(c -> {
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
        r.next();
        return r.getLong(1);
      }
    });
  }
}
