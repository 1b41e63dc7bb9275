package org.learnstream.dashboards;

import com.clickhouse.client.api.Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.CookbookQuery;
import org.learnstream.pipeline.clickhouse.SchoolDatabase;
import org.learnstream.pipeline.clickhouse.SchoolUser;
import org.learnstream.pipeline.grafana.GrafanaDashboard;
import org.learnstream.pipeline.grafana.VariableValue;
import org.learnstream.pipeline.local.LocalClickHouse;
import org.learnstream.pipeline.testing.ClickHouseExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two schools on one ClickHouse server, each with its own read-only user: what the north school's user can read,
 * through every dashboard panel, every cookbook query and hand-written SQL, holds nothing of the south school.
 */
class SchoolIsolationTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();
  private static final String NO_SUCH_SCHOOL = "no-such-school";
  private static final String NORTH = DemoCohort.TENANT;
  private static final String SOUTH = DemoCohort.OTHER_TENANT;

  private static Client northClient;
  private static DemoViewer district;
  private static String southLearner;

  @BeforeAll
  static void twoSchoolsEachWithItsOwnUser() {
    LocalClickHouse server = CLICKHOUSE.localServer().orElse(null);
    assumeTrue(server != null, "school users are written into the users.xml of the private server");
    Client admin = CLICKHOUSE.client();
    // north is registered before its data arrives (fed as rows land), south after (its rows are copied)
    new SchoolDatabase(admin, CLICKHOUSE.database(), NORTH).create();
    district = DemoViewer.of(admin, CLICKHOUSE.database(), DemoData.load(admin, CLICKHOUSE.database()));
    new SchoolDatabase(admin, CLICKHOUSE.database(), SOUTH).create();
    southLearner = ClickHouseQueries.text(admin, "SELECT any(learner) FROM " + CLICKHOUSE.table("mastery_current")
        + " WHERE tenant = " + ClickHouseQueries.quote(SOUTH) + " FORMAT TabSeparated").strip();
    assertThat(southLearner).as("the demo cohort has learners of the south school").isNotEmpty();

    SchoolUser.Created north = SchoolUser.withNewPassword(NORTH);
    SchoolUser.Created south = SchoolUser.withNewPassword(SOUTH);
    server.setUsers(north.user().usersXmlEntry() + south.user().usersXmlEntry());
    northClient = ClickHouseClients.create(new ClickHouseEndpoint(server.httpUrl(), north.user().name(),
        north.password(), SchoolDatabase.databaseOf(NORTH)));
    ClickHouseExtension.awaitLogIn(northClient);
  }

  @AfterAll
  static void closeSchoolClient() {
    if (northClient != null) {
      northClient.close();
    }
  }

  @Test
  void theSchoolsDatabaseHoldsExactlyItsRowsOfEveryTableItMayRead() {
    String northDatabase = SchoolDatabase.databaseOf(NORTH);
    List<String> tables = ClickHouseQueries.rows(CLICKHOUSE.client(), "SELECT name FROM system.tables WHERE "
        + "database = " + ClickHouseQueries.quote(northDatabase) + " AND engine != 'MaterializedView'")
        .stream().map(row -> (String) row.get("name")).toList();
    assertThat(tables).contains("learning_events", "mastery_current", "alerts", "alert_deliveries", "class_daily",
        "skill_daily")
        .doesNotContain("learner_directory");
    for (String table : tables) {
      String own = SchoolDatabase.DISTRICT_WIDE.contains(table) ? "" : switch (table) {
        case "alert_deliveries" -> " WHERE alert_id IN (SELECT alert_id FROM " + CLICKHOUSE.table("alerts")
            + " WHERE tenant = " + ClickHouseQueries.quote(NORTH) + ")";
        default -> " WHERE tenant = " + ClickHouseQueries.quote(NORTH);
      };
      ClickHouseQueries.execute(CLICKHOUSE.client(), "OPTIMIZE TABLE " + northDatabase + "." + table + " FINAL");
      ClickHouseQueries.execute(CLICKHOUSE.client(), "OPTIMIZE TABLE " + CLICKHOUSE.table(table) + " FINAL");
      assertThat(fingerprint(CLICKHOUSE.client(), northDatabase + "." + table, ""))
          .as("rows of %s in the school's database and of the school in the shared one", table)
          .isEqualTo(fingerprint(CLICKHOUSE.client(), CLICKHOUSE.table(table), own));
    }
  }

  /**
   * A school's panel shows what the district's shows for that school; a panel over every school (pipeline health)
   * shows only the school's rows. Picking the other school, with the variable values that school would offer, shows
   * what a school without data shows.
   */
  @TestFactory
  Stream<DynamicTest> everyPanelQueryAsTheSchoolShowsNothingOfTheOtherSchoolWhicheverSchoolItPicks() {
    String northDatabase = SchoolDatabase.databaseOf(NORTH);
    DemoViewer north = district.through(northClient, northDatabase);
    DemoViewer districtPickingSouth = district.choosing(SOUTH, southLearner);
    List<DynamicTest> tests = new ArrayList<>();
    for (GrafanaDashboard dashboard : DashboardLintTest.dashboards()) {
      for (GrafanaDashboard.PanelQuery query : dashboard.panelQueries()) {
        if (GrafanaDashboard.CLICKHOUSE_TYPE.equals(query.datasourceType())) {
          tests.add(DynamicTest.dynamicTest(query.label(), () -> {
            List<Map<String, Object>> own = panelRows(north, north.variables(dashboard, false), query);
            if (!query.query().contains("$tenant") && !query.query().contains("${tenant")) {
              assertThat(own).as("rows of %s", query.label()).isNotEmpty()
                  .allSatisfy(row -> assertThat(row.values()).as("a row of %s", query.label()).doesNotContain(SOUTH));
              return;
            }
            assertThat(own).as("own rows of %s", query.label())
                .isEqualTo(panelRows(district, district.variables(dashboard, false), query));
            Map<String, VariableValue> south = districtPickingSouth.variables(dashboard, false);
            List<Map<String, Object>> nothing = panelRows(district, with(south, "tenant", NO_SUCH_SCHOOL), query);
            assertThat(panelRows(north, with(south, "database", northDatabase), query))
                .as("south through %s", query.label()).isEqualTo(nothing);
          }));
        }
      }
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(30);
    return tests.stream();
  }

  /** The panel checks compare with what a school without data sees, which holds trivially where south shows nothing. */
  @Test
  void mostSchoolPanelsShowTheOtherSchoolToTheDistrict() {
    DemoViewer districtPickingSouth = district.choosing(SOUTH, southLearner);
    int showing = 0;
    for (GrafanaDashboard dashboard : DashboardLintTest.dashboards()) {
      Map<String, VariableValue> south = districtPickingSouth.variables(dashboard, false);
      for (GrafanaDashboard.PanelQuery query : dashboard.panelQueries()) {
        if (GrafanaDashboard.CLICKHOUSE_TYPE.equals(query.datasourceType()) && !panelRows(district, south, query)
            .equals(panelRows(district, with(south, "tenant", NO_SUCH_SCHOOL), query))) {
          showing++;
        }
      }
    }
    assertThat(showing).isGreaterThanOrEqualTo(20);
  }

  @TestFactory
  Stream<DynamicTest> everyCookbookQueryAsTheSchoolShowsNothingOfTheOtherSchool() {
    String northDatabase = SchoolDatabase.databaseOf(NORTH);
    Map<String, String> own = district.cookbookParameters();
    Map<String, String> south = district.choosing(SOUTH, southLearner).cookbookParameters();
    Map<String, String> nobody = district.choosing(NO_SUCH_SCHOOL, southLearner).cookbookParameters();
    return CookbookQuery.bundled().stream().map(query -> DynamicTest.dynamicTest(query.file(), () -> {
      assertThat(rows(northClient, query.sql(northDatabase, own))).as("own rows of %s", query.file())
          .isNotEmpty().isEqualTo(rows(CLICKHOUSE.client(), query.sql(CLICKHOUSE.database(), own)));
      List<Map<String, Object>> nothing = rows(CLICKHOUSE.client(), query.sql(CLICKHOUSE.database(), nobody));
      assertThat(rows(CLICKHOUSE.client(), query.sql(CLICKHOUSE.database(), south)))
          .as("south's rows exist for %s", query.file()).isNotEqualTo(nothing);
      assertThat(rows(northClient, query.sql(northDatabase, south))).as("south through %s", query.file())
          .isEqualTo(nothing);
    }));
  }

  @Test
  void everyTableOfTheSharedDatabaseAndOfTheOtherSchoolIsRefusedToTheSchool() {
    List<String> refused = new ArrayList<>();
    for (String database : List.of(CLICKHOUSE.database(), SchoolDatabase.databaseOf(SOUTH))) {
      for (Map<String, Object> row : ClickHouseQueries.rows(CLICKHOUSE.client(),
          "SELECT name FROM system.tables WHERE database = " + ClickHouseQueries.quote(database))) {
        String table = database + "." + row.get("name");
        assertThatThrownBy(() -> ClickHouseQueries.rows(northClient, "SELECT * FROM " + database + ".`"
            + row.get("name") + "` LIMIT 1")).as("a read of %s", table).hasMessageContaining("Access denied");
        refused.add(table);
      }
    }
    assertThat(refused).contains(CLICKHOUSE.table("learner_directory"));
  }

  @Test
  void noTableOfTheSchoolsOwnDatabaseHoldsARowOfTheOtherSchool() {
    String northDatabase = SchoolDatabase.databaseOf(NORTH);
    List<Map<String, Object>> tables = ClickHouseQueries.rows(northClient, "SELECT table FROM system.columns WHERE "
        + "database = " + ClickHouseQueries.quote(northDatabase) + " AND name = 'tenant'");
    assertThat(tables).hasSizeGreaterThanOrEqualTo(8);
    for (Map<String, Object> row : tables) {
      String table = northDatabase + ".`" + row.get("table") + "`";
      assertThat(rows(northClient, "SELECT DISTINCT tenant FROM " + table)).as("schools in %s", table)
          .allSatisfy(r -> assertThat(r.get("tenant")).isEqualTo(NORTH));
    }
    assertThatThrownBy(() -> ClickHouseQueries.rows(northClient, "SELECT * FROM " + northDatabase
        + ".learner_directory")).hasMessageContaining("doesn't exist");
  }

  @Test
  void theSchoolsUserCannotWriteNorReachOtherDatabasesThroughTableFunctions() {
    String northDatabase = SchoolDatabase.databaseOf(NORTH);
    assertThatThrownBy(() -> ClickHouseQueries.execute(northClient, "INSERT INTO " + northDatabase
        + ".alerts (tenant) VALUES ('" + SOUTH + "')")).hasMessageContaining("readonly");
    assertThatThrownBy(() -> ClickHouseQueries.rows(northClient, "SELECT * FROM merge('"
        + CLICKHOUSE.database() + "', '^learner')")).hasMessageContaining("readonly");
  }

  private static List<Map<String, Object>> panelRows(DemoViewer viewer, Map<String, VariableValue> values,
      GrafanaDashboard.PanelQuery query) {
    return rows(viewer.client(), viewer.macros(values).expand(query.query()));
  }

  private static Map<String, VariableValue> with(Map<String, VariableValue> values, String name, String value) {
    Map<String, VariableValue> changed = new HashMap<>(values);
    changed.put(name, VariableValue.of(value));
    return changed;
  }

  private static List<Map<String, Object>> rows(Client client, String sql) {
    return ClickHouseQueries.rows(client, sql + "\nFORMAT JSONEachRow");
  }

  /** Row count of a table whose parts have been merged (so rows a replacing or summing table folds are folded). */
  private static String fingerprint(Client client, String table, String where) {
    return ClickHouseQueries.text(client, "SELECT count() FROM " + table + where + " FORMAT TabSeparated");
  }

}
