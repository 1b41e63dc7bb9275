package org.learnstream.pipeline.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.Client;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;

/**
 * A process that dies inside a migration, right after one of its statements ran and before it was recorded (the
 * widest window: a statement that copies rows runs for minutes), and the next run that goes on from there.
 */
class InterruptedMigrationsTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final MigrationPace QUIET = new MigrationPace(Duration.ofMinutes(1), Duration.ofMinutes(1), l -> {
  });

  /** Stands for the process's death: nothing after the statement runs. */
  private static final class Died extends RuntimeException {
    Died() {
      super("the process died here");
    }
  }

  @Test
  void everyBundledMigrationDiesAfterEachOfItsStatementsInTurnAndEndsWithTheSchemaOfOneUninterruptedRun() {
    Client client = CLICKHOUSE.client();
    String interrupted = CLICKHOUSE.database() + "_died";
    String clean = CLICKHOUSE.database() + "_clean";
    try {
      SchemaMigrations.apply(client, clean, SchemaMigrations.bundled(), QUIET);
      int deaths = 0;
      for (Migration migration : SchemaMigrations.bundled()) {
        int statements = migration.statements(interrupted).size();
        for (int step = 1; step <= statements; step++) {
          int diesAfter = step;
          assertThatThrownBy(() -> SchemaMigrations.apply(client, interrupted, SchemaMigrations.bundled(), QUIET,
              (m, ran) -> {
                if (m.version() == migration.version() && ran == diesAfter) {
                  throw new Died();
                }
              })).as("V%d statement %d", migration.version(), step).isInstanceOf(Died.class);
          deaths++;
        }
      }
      assertThat(SchemaMigrations.apply(client, interrupted, SchemaMigrations.bundled(), QUIET))
          .as("what the last death left").hasSize(1);

      assertThat(deaths).isGreaterThan(SchemaMigrations.bundled().size());
      assertThat(schema(client, interrupted)).isEqualTo(schema(client, clean));
      assertThat(ClickHouseQueries.count(client, interrupted + "." + SchemaMigrations.TABLE))
          .isEqualTo(SchemaMigrations.bundled().size());
      assertThat(SchemaMigrations.apply(client, interrupted, SchemaMigrations.bundled(), QUIET)).isEmpty();
    } finally {
      drop(clean);
      drop(interrupted);
    }
  }

  @Test
  void aCopyIntoATableThatCollapsesRepeatedRowsRunsAgainAndEveryRowIsThereOnce() {
    String database = CLICKHOUSE.database() + "_replacing";
    Migration copy = copyInto("ReplacingMergeTree() ORDER BY n");
    try {
      dieAfterLastStatement(database, copy);
      List<String> reports = new CopyOnWriteArrayList<>();

      assertThat(SchemaMigrations.apply(CLICKHOUSE.client(), database, List.of(copy),
          reportingTo(reports))).hasSize(1);

      assertThat(ClickHouseQueries.countFinal(CLICKHOUSE.client(), database + ".target")).isEqualTo(3);
      assertThat(reports).containsExactly(
          "V1 copy, statement 4 of 4: an earlier run stopped in or right after it; going on from there");
    } finally {
      drop(database);
    }
  }

  @Test
  void aCopyIntoATableWhereRowsWouldCountTwiceIsRefusedNamingItAndRunsOnceItIsEmptied() {
    String database = CLICKHOUSE.database() + "_summing";
    Migration copy = copyInto("SummingMergeTree() ORDER BY n");
    try {
      dieAfterLastStatement(database, copy);

      assertThatThrownBy(() -> SchemaMigrations.apply(CLICKHOUSE.client(), database, List.of(copy), QUIET))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("V1 copy, statement 4 of 4 copies rows into " + database + ".target")
          .hasMessageContaining("would count twice")
          .hasMessageContaining("TRUNCATE TABLE " + database + ".target");
      assertThat(ClickHouseQueries.count(CLICKHOUSE.client(), database + ".target")).as("left as it was")
          .isEqualTo(3);
      assertThat(ClickHouseQueries.count(CLICKHOUSE.client(), database + "." + SchemaMigrations.TABLE)).isZero();

      ClickHouseQueries.execute(CLICKHOUSE.client(), "TRUNCATE TABLE " + database + ".target");
      assertThat(SchemaMigrations.apply(CLICKHOUSE.client(), database, List.of(copy), QUIET)).hasSize(1);
      assertThat(ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT sum(n) FROM " + database + ".target"))
          .isEqualTo(1 + 2 + 3);
    } finally {
      drop(database);
    }
  }

  @Test
  void aRenameOfTwoTablesThatGotHalfWayRenamesTheOtherOnly() {
    String database = CLICKHOUSE.database() + "_rename";
    Migration rename = new Migration(1, "rename", """
        CREATE TABLE ${database}.a (n UInt8) ENGINE = MergeTree() ORDER BY n;
        CREATE TABLE ${database}.b (n UInt8) ENGINE = MergeTree() ORDER BY n;
        RENAME TABLE ${database}.a TO ${database}.a_old, ${database}.b TO ${database}.b_old;
        CREATE TABLE ${database}.a (n UInt16) ENGINE = MergeTree() ORDER BY n;
        """);
    try {
      diedInside(database, rename, 3);
      // the RENAME the process was in when it died had done its first pair
      ClickHouseQueries.execute(CLICKHOUSE.client(), "RENAME TABLE " + database + ".a TO " + database + ".a_old");

      assertThat(SchemaMigrations.apply(CLICKHOUSE.client(), database, List.of(rename), QUIET)).hasSize(1);

      assertThat(tables(database)).containsExactly("a", "a_old", "b_old", SchemaMigrations.STEPS_TABLE,
          SchemaMigrations.TABLE);
    } finally {
      drop(database);
    }
  }

  @Test
  void aRunThatDiedAfterRepeatableStatementsGoesOnFromTheLastRecordedOneAndRunsTheNextOtherOneInItsInterruptedForm() {
    String database = CLICKHOUSE.database() + "_repeatable";
    Migration migration = new Migration(1, "repeatable", """
        CREATE TABLE ${database}.a (n UInt8) ENGINE = MergeTree() ORDER BY n;
        DROP TABLE IF EXISTS ${database}.gone;
        CREATE TABLE IF NOT EXISTS ${database}.b (n UInt8) ENGINE = MergeTree() ORDER BY n;
        CREATE TABLE ${database}.c (n UInt8) ENGINE = MergeTree() ORDER BY n;
        CREATE TABLE ${database}.d (n UInt8) ENGINE = MergeTree() ORDER BY n;
        """);
    try {
      dieAfter(database, migration, 4);
      assertThat(ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM " + database + "."
          + SchemaMigrations.STEPS_TABLE + " WHERE version = 1")).as("begun and statement 1: the repeatable ones and "
              + "the one the process died after are not recorded")
          .isEqualTo(2);
      List<String> reports = new CopyOnWriteArrayList<>();

      assertThat(SchemaMigrations.apply(CLICKHOUSE.client(), database, List.of(migration),
          reportingTo(reports))).hasSize(1);

      assertThat(reports).containsExactly(
          "V1 repeatable, statement 2 of 5: an earlier run stopped in or right after it; going on from there",
          "V1 repeatable, statement 3 of 5: an earlier run stopped in or right after it; going on from there",
          "V1 repeatable, statement 4 of 5: an earlier run stopped in or right after it; going on from there");
      assertThat(tables(database)).containsExactly("a", "b", "c", "d", SchemaMigrations.STEPS_TABLE,
          SchemaMigrations.TABLE);
    } finally {
      drop(database);
    }
  }

  @Test
  void aStatementRecordedWithOtherTextThanTheFilesIsRefused() {
    String database = CLICKHOUSE.database() + "_changed";
    Migration before = new Migration(1, "two_tables", """
        CREATE TABLE ${database}.a (n UInt8) ENGINE = MergeTree() ORDER BY n;
        CREATE TABLE ${database}.b (n UInt8) ENGINE = MergeTree() ORDER BY n;
        """);
    Migration edited = new Migration(1, "two_tables", before.sql().replace("a (n UInt8)", "a (n UInt32)"));
    try {
      dieAfter(database, before, 2);

      assertThatThrownBy(() -> SchemaMigrations.apply(CLICKHOUSE.client(), database, List.of(edited), QUIET))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("V1__two_tables was changed while it was being applied")
          .hasMessageContaining("statement 1 differs");
      assertThat(ClickHouseQueries.count(CLICKHOUSE.client(), database + "." + SchemaMigrations.TABLE)).isZero();
      assertThat(ClickHouseQueries.text(CLICKHOUSE.client(), "SELECT type FROM system.columns WHERE database = "
          + ClickHouseQueries.quote(database) + " AND table = 'a' FORMAT TabSeparated").strip()).isEqualTo("UInt8");
    } finally {
      drop(database);
    }
  }

  @Test
  void theStatementTheServerStillRunsForTheProcessThatDiedIsWaitedForBeforeItRunsAgain() throws Exception {
    String database = CLICKHOUSE.database() + "_still_running";
    Migration copy = new Migration(1, "slow_copy", """
        CREATE TABLE ${database}.source (n UInt8) ENGINE = Memory;
        INSERT INTO ${database}.source VALUES (1);
        INSERT INTO ${database}.source VALUES (2);
        CREATE TABLE ${database}.target (n UInt8) ENGINE = MergeTree() ORDER BY n;
        INSERT INTO ${database}.target SELECT n + sleep(1) FROM ${database}.source;
        """);
    List<String> reports = new CopyOnWriteArrayList<>();
    try {
      diedInside(database, copy, 5);
      // the copy the process had sent when it died, still running on the server under the runner's query id
      String statement = copy.statements(database).get(4);
      CompletableFuture<Void> earlier = CompletableFuture.runAsync(() -> {
        var settings = new com.clickhouse.client.api.command.CommandSettings();
        settings.setQueryId(MigrationSteps.queryIdPrefix(database, 1, 5) + "earlier");
        try (var done = CLICKHOUSE.client().execute(statement, settings).join()) {
          assertThat(done).isNotNull();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      awaitRunning(MigrationSteps.queryIdPrefix(database, 1, 5));

      assertThatThrownBy(() -> SchemaMigrations.apply(CLICKHOUSE.client(), database, List.of(copy),
          new MigrationPace(Duration.ofMinutes(1), Duration.ofMillis(300), reports::add)))
          .hasMessageContaining("copies rows into " + database + ".target").hasMessageContaining("(the table holds 2)");

      assertThat(earlier).as("the earlier run's copy, finished before the refusal").isDone();
      assertThat(reports).anySatisfy(line -> assertThat(line)
          .startsWith("V1 slow_copy, statement 5 of 5: waiting for the server to finish it for an earlier run"));
    } finally {
      drop(database);
    }
  }

  /** Creates a source of three rows and copies it into a table of {@code engine}. */
  private static Migration copyInto(String engine) {
    return new Migration(1, "copy", """
        CREATE TABLE ${database}.source (n UInt8) ENGINE = MergeTree() ORDER BY n;
        INSERT INTO ${database}.source VALUES (1), (2), (3);
        CREATE TABLE ${database}.target (n UInt8) ENGINE = %s;
        INSERT INTO ${database}.target SELECT n FROM ${database}.source;
        """.formatted(engine));
  }

  private static void dieAfterLastStatement(String database, Migration migration) {
    dieAfter(database, migration, migration.statements(database).size());
  }

  /** A pace that reports into {@code reports} and never reports a statement as still running. */
  private static MigrationPace reportingTo(List<String> reports) {
    return new MigrationPace(Duration.ofMinutes(1), Duration.ofMinutes(1), reports::add);
  }

  private static void dieAfter(String database, Migration migration, int step) {
    assertThatThrownBy(() -> SchemaMigrations.apply(CLICKHOUSE.client(), database, List.of(migration), QUIET,
        (m, ran) -> {
          if (ran == step) {
            throw new Died();
          }
        })).isInstanceOf(Died.class);
  }

  /** Statements before {@code step} ran and were recorded; the process died while the server ran {@code step}. */
  private static void diedInside(String database, Migration migration, int step) {
    dieAfter(database, migration, step - 1);
    MigrationSteps.record(CLICKHOUSE.client(), database, migration.version(), step - 1,
        migration.statements(database).get(step - 2));
  }

  private static void awaitRunning(String queryIdPrefix) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM system.processes WHERE "
        + "substring(query_id, 1, " + queryIdPrefix.length() + ") = " + ClickHouseQueries.quote(queryIdPrefix)) == 0) {
      assertThat(System.nanoTime()).as("the earlier copy started").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** Every table with its engine and every column with its type and default, the database's name left out. */
  private static List<String> schema(Client client, String database) {
    List<String> lines = new ArrayList<>();
    String where = " WHERE database = " + ClickHouseQueries.quote(database);
    for (Map<String, Object> row : ClickHouseQueries.rows(client, "SELECT name, engine FROM system.tables" + where
        + " ORDER BY name FORMAT JSONEachRow")) {
      lines.add(row.get("name") + " " + row.get("engine"));
    }
    for (Map<String, Object> row : ClickHouseQueries.rows(client, "SELECT table, name, type, default_expression "
        + "FROM system.columns" + where + " ORDER BY table, name FORMAT JSONEachRow")) {
      lines.add(row.get("table") + "." + row.get("name") + " " + row.get("type") + " "
          + String.valueOf(row.get("default_expression")).replace(database + ".", ""));
    }
    return lines;
  }

  private static List<String> tables(String database) {
    return ClickHouseQueries.rows(CLICKHOUSE.client(), "SELECT name FROM system.tables WHERE database = "
        + ClickHouseQueries.quote(database) + " ORDER BY name FORMAT JSONEachRow").stream()
        .map(row -> (String) row.get("name")).toList();
  }

  private static void drop(String database) {
    ClickHouseQueries.execute(CLICKHOUSE.client(), "DROP DATABASE IF EXISTS " + database);
  }
}
