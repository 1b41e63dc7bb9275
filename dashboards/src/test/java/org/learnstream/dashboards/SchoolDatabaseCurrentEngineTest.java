package org.learnstream.dashboards;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.clickhouse.Migration;
import org.learnstream.pipeline.clickhouse.SchemaMigrations;
import org.learnstream.pipeline.clickhouse.SchoolDatabase;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A school's database on current ClickHouse (chDB 26.x): the statements {@link SchoolDatabase} issues are taken, and
 * the school's tables hold exactly its rows, fed as rows land (north) or copied at creation (south). Skipped, with
 * how to get chDB, where it is not at hand; {@code SchoolIsolationTest} covers 18.16.
 */
class SchoolDatabaseCurrentEngineTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aSchoolsDatabaseHoldsExactlyItsRowsOnTheCurrentEngine() {
    assumeTrue(ChDb.configuredLibrary().isPresent(), ChDb.HOW_TO_GET_IT);
    ChDb chdb = ChDb.shared(ChDb.configuredLibrary().get());
    SchoolDatabase.Sql sql = on(chdb);
    String database = "s_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    sql.execute("CREATE DATABASE " + database);
    for (Migration migration : SchemaMigrations.bundled()) {
      migration.statements(database).forEach(sql::execute);
    }
    SchoolDatabase north = new SchoolDatabase(sql, database, DemoCohort.TENANT);
    SchoolDatabase south = new SchoolDatabase(sql, database, DemoCohort.OTHER_TENANT);
    try {
      north.create();
      new DemoCohort(LocalDate.now(ZoneOffset.UTC), 42).inserts(database).forEach(sql::execute);
      south.create();

      for (SchoolDatabase school : List.of(north, south)) {
        String tenant = school == north ? DemoCohort.TENANT : DemoCohort.OTHER_TENANT;
        List<Map<String, Object>> tables = sql.rows("SELECT name FROM system.tables WHERE database = '"
            + school.database() + "' AND engine != 'MaterializedView' ORDER BY name");
        assertThat(tables).hasSizeGreaterThanOrEqualTo(10);
        long rows = 0;
        for (Map<String, Object> row : tables) {
          String table = (String) row.get("name");
          String own = SchoolDatabase.DISTRICT_WIDE.contains(table) ? "" : switch (table) {
            case "alert_deliveries" ->
              " WHERE alert_id IN (SELECT alert_id FROM " + database + ".alerts WHERE tenant = '"
                  + tenant + "')";
            default -> " WHERE tenant = '" + tenant + "'";
          };
          sql.execute("OPTIMIZE TABLE " + school.database() + "." + table + " FINAL");
          sql.execute("OPTIMIZE TABLE " + database + "." + table + " FINAL");
          long copied = count(sql, school.database() + "." + table, "");
          assertThat(copied).as("rows of %s in %s and of the school in the shared database", table, school.database())
              .isEqualTo(count(sql, database + "." + table, own));
          rows += copied;
        }
        assertThat(rows).as("rows in %s", school.database()).isPositive();
      }
    } finally {
      north.drop();
      south.drop();
      sql.execute("DROP DATABASE IF EXISTS " + database);
    }
  }

  private static long count(SchoolDatabase.Sql sql, String table, String where) {
    return Long.parseLong(String.valueOf(sql.rows("SELECT count() AS n FROM " + table + where).get(0).get("n")));
  }

  /** Statements and queries run in chDB's in-process engine. */
  static SchoolDatabase.Sql on(ChDb chdb) {
    return new SchoolDatabase.Sql() {
      @Override
      public void execute(String statement) {
        chdb.query(statement, "JSONEachRow");
      }

      @Override
      public List<Map<String, Object>> rows(String query) {
        return chdb.query(query, "JSONEachRow").lines().filter(line -> !line.isBlank()).map(line -> {
          try {
            return (Map<String, Object>) JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() {
            });
          } catch (java.io.IOException e) {
            throw new IllegalStateException("Not a JSON row from chDB: " + line, e);
          }
        }).toList();
      }
    };
  }
}
