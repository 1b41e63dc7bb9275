package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the versioned SQL files bundled under {@code clickhouse/migrations/} (listed in its {@code index.txt})
 * to one database, recording each in {@code <database>.schema_migrations}. Applied files are never run again;
 * an applied file whose text changed is refused, because the database no longer matches the code. A migration a
 * process died in goes on where it stopped ({@link MigrationSteps}), the statement it stopped in run again in a form
 * that tolerates its earlier run ({@link InterruptedStatement}). Not safe against two processes migrating the same
 * database at the same moment.
 */
public final class SchemaMigrations {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
  static final String RESOURCE_DIR = "clickhouse/migrations/";
  /** The table in each database that records the applied migrations. */
  public static final String TABLE = "schema_migrations";
  /** The table in each database that records how far a migration not yet complete got. */
  public static final String STEPS_TABLE = MigrationSteps.TABLE;

  private SchemaMigrations() {
  }

  /** The migrations shipped with this library, in version order. */
  public static List<Migration> bundled() {
    List<Migration> migrations = new ArrayList<>();
    for (String file : readResource(RESOURCE_DIR + "index.txt").split("\\R")) {
      if (!file.isBlank() && !file.startsWith("#")) {
        migrations.add(Migration.fromFile(file.strip(), readResource(RESOURCE_DIR + file.strip())));
      }
    }
    migrations.sort(Comparator.comparingInt(Migration::version));
    return migrations;
  }

  /** Applies the bundled migrations; returns the ones applied now (empty when the schema was up to date). */
  public static List<Migration> apply(Client client, String database) {
    return apply(client, database, bundled());
  }

  /** Applies the bundled migrations, each statement waited on and reported as {@code pace} says. */
  public static List<Migration> apply(Client client, String database, MigrationPace pace) {
    return apply(client, database, bundled(), pace);
  }

  public static List<Migration> apply(Client client, String database, List<Migration> migrations) {
    return apply(client, database, migrations, MigrationPace.reportingTo(LOG::info));
  }

  public static List<Migration> apply(Client client, String database, List<Migration> migrations,
      MigrationPace pace) {
    return apply(client, database, migrations, pace, (migration, step) -> {
    });
  }

  /** What happens right after a statement ran, before it is recorded: where the tests let a process die. */
  interface AfterStatement {
    void ran(Migration migration, int step);
  }

  static List<Migration> apply(Client client, String database, List<Migration> migrations, MigrationPace pace,
      AfterStatement afterStatement) {
    requireIdentifier(database);
    ClickHouseQueries.execute(client, "CREATE DATABASE IF NOT EXISTS " + database);
    ClickHouseQueries.execute(client, "CREATE TABLE IF NOT EXISTS " + database + "." + TABLE + " ("
        + "version UInt32, name String, checksum String, applied_at DateTime('UTC')"
        + ") ENGINE = MergeTree() ORDER BY version");
    Map<Integer, Map<String, Object>> applied = new HashMap<>();
    for (Map<String, Object> row : ClickHouseQueries.rows(client,
        "SELECT version, name, checksum FROM " + database + "." + TABLE + " ORDER BY version FORMAT JSONEachRow")) {
      applied.put(((Number) row.get("version")).intValue(), row);
    }
    List<Migration> sorted = new ArrayList<>(migrations);
    sorted.sort(Comparator.comparingInt(Migration::version));
    List<Migration> appliedNow = new ArrayList<>();
    WatchedStatement runner = new WatchedStatement(client, pace);
    InterruptedStatement interrupted = new InterruptedStatement(client, pace);
    // read at the first migration to apply: a start with nothing to apply pays no query for the steps
    Map<Integer, Map<Integer, String>> steps = null;
    for (Migration migration : sorted) {
      Map<String, Object> record = applied.get(migration.version());
      if (record != null) {
        if (!migration.checksum().equals(record.get("checksum"))) {
          throw new IllegalStateException("Migration V" + migration.version() + "__" + migration.name()
              + " was changed after it was applied to database '" + database + "' (checksum recorded "
              + record.get("checksum") + ", file now " + migration.checksum() + "). Applied migrations "
              + "must not be edited: restore the file and put the change in a new V"
              + (sorted.get(sorted.size() - 1).version() + 1) + "__... migration.");
        }
        continue;
      }
      if (steps == null) {
        MigrationSteps.create(client, database);
        steps = MigrationSteps.recorded(client, database);
      }
      applyStatements(client, database, migration, steps.getOrDefault(migration.version(), Map.of()), runner,
          interrupted, afterStatement);
      ClickHouseQueries.execute(client, "INSERT INTO " + database + "." + TABLE + " "
          + "(version, name, checksum, applied_at) VALUES (" + migration.version() + ", "
          + ClickHouseQueries.quote(migration.name()) + ", " + ClickHouseQueries.quote(migration.checksum())
          + ", now())");
      LOG.info("Applied ClickHouse migration V{}__{} to {}", migration.version(), migration.name(), database);
      appliedNow.add(migration);
    }
    return appliedNow;
  }

  /**
   * Runs the statements of {@code migration} after the last one in {@code done} (step -> statement checksum, recorded
   * by a run that stopped before the end: statements run in order, so every one before it ran), recording each step
   * that could not simply run again. When the migration had begun, the statements from there on run in their
   * interrupted form up to and including the first that is not {@link InterruptedStatement#repeatable}: any of them
   * may have run already.
   */
  private static void applyStatements(Client client, String database, Migration migration, Map<Integer, String> done,
      WatchedStatement runner, InterruptedStatement interrupted, AfterStatement afterStatement) {
    List<String> statements = migration.statements(database);
    // a migration of repeatable statements alone may run again from its start: no round trip per statement
    boolean recording = !statements.stream().allMatch(InterruptedStatement::repeatable);
    boolean resuming = !done.isEmpty();
    if (!resuming && recording) {
      MigrationSteps.record(client, database, migration.version(), MigrationSteps.BEGUN, "");
    }
    int lastDone = done.keySet().stream().mapToInt(Integer::intValue).max().orElse(MigrationSteps.BEGUN);
    for (int step = 1; step <= statements.size(); step++) {
      String statement = statements.get(step - 1);
      String label = "V" + migration.version() + " " + migration.name() + ", statement " + step + " of "
          + statements.size();
      String recorded = done.get(step);
      if (recorded != null && !recorded.equals(MigrationSteps.checksum(statement))) {
        throw new IllegalStateException("Migration V" + migration.version() + "__" + migration.name()
            + " was changed while it was being applied to database '" + database + "' (statement " + step
            + " differs from the one recorded): restore the file the migration began with and migrate again");
      }
      if (step <= lastDone) {
        continue;
      }
      boolean repeatable = InterruptedStatement.repeatable(statement);
      String queryIds = MigrationSteps.queryIdPrefix(database, migration.version(), step);
      try {
        Optional<String> toRun = resuming ? interrupted.again(statement, label, queryIds) : Optional.of(statement);
        resuming = resuming && repeatable;
        if (toRun.isPresent()) {
          // a backfill copying statement JSON (V072) would exceed the query memory in default blocks
          runner.run(toRun.get(), ClickHouseQueries.SMALL_INSERT_BLOCKS, label, queryIds);
        }
      } catch (RuntimeException e) {
        throw new IllegalStateException("Migration V" + migration.version() + "__" + migration.name()
            + " failed on database '" + database + "' at statement:\n" + statement + "\n" + e.getMessage(), e);
      }
      afterStatement.ran(migration, step);
      if (recording && step < statements.size() && !repeatable) {
        MigrationSteps.record(client, database, migration.version(), step, statement);
      }
    }
  }

  static void requireIdentifier(String database) {
    if (database == null || !database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "ClickHouse database name must match [A-Za-z_][A-Za-z0-9_]*, got: " + database);
    }
  }

  private static String readResource(String name) {
    try (InputStream in = SchemaMigrations.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing classpath resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read classpath resource " + name, e);
    }
  }
}
