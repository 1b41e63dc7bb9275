package org.learnstream.jobs.ingest.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.pipeline.records.DocumentSchema;
import org.learnstream.pipeline.records.JdbcRecordTransactions;
import org.learnstream.pipeline.records.RecordConnections;

/**
 * A fresh embedded documents database opened by several openers at once, as a first start of the chaos suite's
 * runner and endpoint does: the second to apply a migration used to fail on the column the first had just added,
 * and that process exited.
 */
class EmbeddedDatabaseOpenedTogetherTest {

  @TempDir
  Path databaseDir;

  @Test
  void threadsOpeningAFreshDatabaseTogetherEachOpenItAndEachMigrationIsAppliedOnce() throws Exception {
    MigratedTogether.assertEachAppliedOnce(
        MigratedTogether.openAtOnce(4, () -> DocumentDatabase.embedded(databaseDir, 1)));
  }

  /**
   * H2 adds a column by filling a copy of the table, dropping the table and renaming the copy: a runner killed between
   * the drop and the rename left {@code LEARNER_RECORDS_COPY_3_0} and no {@code learner_records}; one killed before the
   * drop leaves both.
   */
  @Test
  void aTableCopyThatAnInterruptedAddColumnLeftIsRenamedBackOrDroppedAtTheNextStart() throws Exception {
    for (boolean originalDropped : new boolean[] {true, false}) {
      Path dir = databaseDir.resolve("copy-left-" + originalDropped);
      try (DocumentDatabase database = DocumentDatabase.embedded(dir, 1)) {
        database.inTransaction(c -> {
          try (Statement s = c.createStatement()) {
            s.execute(
                "INSERT INTO learner_records (tenant, lookup_key, record_id, pseudonym, data_key, created_millis, "
                    + "last_used_millis) VALUES ('t', 'k', 'r', 'p', X'00', 1, 1)");
            if (originalDropped) {
              s.execute("ALTER TABLE learner_records RENAME TO LEARNER_RECORDS_COPY_3_0");
              s.execute("ALTER INDEX learner_records_by_id RENAME TO LEARNER_RECORDS_COPY_3_0_LEARNER_RECORDS_BY_ID");
            } else {
              s.execute("CREATE TABLE LEARNER_RECORDS_COPY_3_1 AS SELECT * FROM learner_records");
            }
            return s.executeUpdate("DELETE FROM document_schema_migrations WHERE version >= 5");
          }
        });
      }
      try (DocumentDatabase again = DocumentDatabase.embedded(dir, 1)) {
        assertThat(again.appliedMigrations()).as("original dropped: %s", originalDropped)
            .containsExactly(5, 6);
        assertThat(InterruptedMigrations.names(again, "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
            + "WHERE TABLE_NAME LIKE 'LEARNER\\_RECORDS%'")).containsExactly("LEARNER_RECORDS");
        assertThat(InterruptedMigrations.names(again, "SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES "
            + "WHERE INDEX_NAME = 'LEARNER_RECORDS_BY_ID'")).hasSize(1);
        assertThat(InterruptedMigrations.names(again, "SELECT TRIM(record_id) FROM learner_records"))
            .containsExactly("r");
      }
    }
  }

  /** H2 commits each DDL statement at once: a runner killed in a migration left its table and not its record. */
  @Test
  void aMigrationInterruptedAfterItsStatementsRunsAgainOnTheirEffectsAtTheNextStart() throws Exception {
    InterruptedMigrations.assertEachRunsAgainOnItsOwnEffects(
        from -> () -> DocumentDatabase.embedded(databaseDir.resolve("interrupted-from-" + from), 1));
  }

  /**
   * The children start together, so they also race to create the file: those that lose are refused by H2's lock file
   * for a moment, and connect once the winner serves it.
   */
  @Test
  void processesMigratingAFreshDatabaseTogetherEachMigrationIsAppliedOnce() throws Exception {
    List<Process> children = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        children.add(start());
      }
      List<BufferedReader> outputs = new ArrayList<>();
      for (Process child : children) {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).as("the child is ready").isEqualTo(OpenOnSignal.READY);
        outputs.add(out);
      }
      signal(children); // all at once, once every JVM has connected
      List<String> lines = new ArrayList<>();
      for (BufferedReader out : outputs) {
        lines.add(out.readLine());
      }
      signal(children); // the child serving the file to the others ends only now: they are done with it
      List<List<Integer>> applied = new ArrayList<>();
      for (int i = 0; i < children.size(); i++) {
        assertThat(children.get(i).waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(lines.get(i)).as("child %d", i).startsWith("APPLIED ");
        applied.add(OpenOnSignal.parse(lines.get(i)));
      }
      MigratedTogether.assertEachAppliedOnce(applied);
    } finally {
      children.forEach(Process::destroyForcibly);
    }
  }

  private static void signal(List<Process> children) throws Exception {
    for (Process child : children) {
      OutputStream in = child.getOutputStream();
      in.write('\n');
      in.flush();
    }
  }

  private Process start() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OpenOnSignal.class.getName(),
        databaseDir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  /**
   * Connects to the database (the first child to come creates the file and serves it to the others), prints {@value
   * #READY}, waits for a line on its input, migrates the database, prints the versions it applied and waits for
   * another line before it ends.
   */
  static final class OpenOnSignal {
    static final String READY = "READY";

    public static void main(String[] args) throws Exception {
      try (Connection c = RecordConnections.open(JdbcRecordTransactions.embeddedH2Url(Path.of(args[0])),
          new Properties())) {
        System.out.println(READY);
        System.out.flush();
        System.in.read();
        try {
          List<Integer> applied = DocumentSchema.migrate(c);
          c.commit();
          System.out.println("APPLIED " + applied);
        } catch (SQLException e) {
          System.out.println("FAILED " + e.getMessage().replace('\n', ' '));
        }
        System.out.flush();
        System.in.read();
      }
    }

    static List<Integer> parse(String line) {
      String list = line.substring("APPLIED ".length()).replaceAll("[\\[\\] ]", "");
      return list.isEmpty() ? List.of() : Arrays.stream(list.split(",")).map(Integer::valueOf).toList();
    }
  }
}
