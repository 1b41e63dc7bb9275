package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import java.util.HashMap;
import java.util.Map;

/**
 * How far each migration not yet recorded in {@code schema_migrations} got, in
 * {@code <database>.schema_migration_steps}: step 0 when its first statement starts, step {@code i} once its
 * statement {@code i} ran, unless that statement may simply run again (the last statement is recorded by the
 * migration's own row). A process that dies inside a migration (killed, out of memory, the server gone) thus leaves
 * where it stopped, and the next run goes on after the last statement recorded instead of running again statements
 * that cannot run twice (a CREATE without IF NOT EXISTS, a RENAME, a copy of rows).
 */
final class MigrationSteps {

  /** The table of each database that records the steps. */
  static final String TABLE = "schema_migration_steps";
  /** The step recorded when a migration's first statement starts. */
  static final int BEGUN = 0;

  private MigrationSteps() {
  }

  static void create(Client client, String database) {
    ClickHouseQueries.execute(client, "CREATE TABLE IF NOT EXISTS " + database + "." + TABLE + " ("
        + "version UInt32, step UInt32, checksum String, recorded_at DateTime('UTC')"
        + ") ENGINE = MergeTree() ORDER BY (version, step)");
  }

  /** Version -> step -> the checksum of the statement recorded at that step. */
  static Map<Integer, Map<Integer, String>> recorded(Client client, String database) {
    Map<Integer, Map<Integer, String>> steps = new HashMap<>();
    for (Map<String, Object> row : ClickHouseQueries.rows(client,
        "SELECT version, step, checksum FROM " + database + "." + TABLE + " FORMAT JSONEachRow")) {
      steps.computeIfAbsent(((Number) row.get("version")).intValue(), v -> new HashMap<>())
          .put(((Number) row.get("step")).intValue(), (String) row.get("checksum"));
    }
    return steps;
  }

  static void record(Client client, String database, int version, int step, String statement) {
    ClickHouseQueries.execute(client, "INSERT INTO " + database + "." + TABLE + " (version, step, checksum, "
        + "recorded_at) VALUES (" + version + ", " + step + ", " + ClickHouseQueries.quote(checksum(statement))
        + ", now())");
  }

  /** SHA-256 of one statement as run (its database substituted), in hex. */
  static String checksum(String statement) {
    return Migration.sha256(statement);
  }

  /**
   * The start of the query ids the runner gives statement {@code step} of {@code version} on {@code database}, so that
   * a later run can tell whether the server is still running it for a process that died.
   */
  static String queryIdPrefix(String database, int version, int step) {
    return "learnstream-migration-" + database + "-V" + version + "-" + step + "-";
  }
}
