package org.learnstream.dashboards;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.CookbookQuery;
import org.learnstream.pipeline.clickhouse.Migration;
import org.learnstream.pipeline.clickhouse.SchemaMigrations;
import org.learnstream.pipeline.clickhouse.TableContents;
import org.learnstream.pipeline.grafana.GrafanaDashboard;
import org.learnstream.pipeline.grafana.GrafanaMacros;
import org.learnstream.pipeline.testing.ClickHouseExtension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every migration, materialized view, dashboard panel and variable query and cookbook query on ClickHouse's
 * current engine (chDB, ClickHouse 26.x in this process) next to the private 18.16 server, on the same demo cohort:
 * each statement must be accepted by both and give the same answer (see {@link EngineAnswers} for what counts as
 * the same). Skipped, with a message saying how to get it, when no chDB library is given.
 */
class CurrentClickHouseTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();
  private static final Pattern MATERIALIZED_VIEW = Pattern
      .compile("CREATE MATERIALIZED VIEW (?:IF NOT EXISTS )?(\\S+) TO (\\S+)");
  /** The migration runner's own records, written on 18.16 only. */
  private static final String RUNNER_TABLES = ClickHouseQueries.quote(SchemaMigrations.TABLE) + ", "
      + ClickHouseQueries.quote(SchemaMigrations.STEPS_TABLE);
  private static final AtomicInteger MIGRATIONS = new AtomicInteger();
  private static final AtomicInteger STATEMENTS = new AtomicInteger();
  private static final AtomicInteger PANEL_QUERIES = new AtomicInteger();
  private static final AtomicInteger VARIABLE_QUERIES = new AtomicInteger();
  private static final AtomicInteger COOKBOOK_QUERIES = new AtomicInteger();
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static final String UNAVAILABLE = "ClickHouse's current engine (chDB) is not available, so the SQL is "
      + "checked on 18.16 only: " + ChDb.HOW_TO_GET_IT;
  private static ChDb chdb;
  private static DemoViewer viewer;
  /** view -> the table it writes to, as the migrations leave them. */
  private static final Map<String, String> VIEW_TARGETS = new LinkedHashMap<>();

  @BeforeEach
  void requireTheCurrentEngine() {
    assumeTrue(chdb != null, UNAVAILABLE);
  }

  @BeforeAll
  static void migrateAndLoadTheDemoCohortOnBothEngines() {
    if (ChDb.configuredLibrary().isEmpty()) {
      System.out.println("current ClickHouse 26.x: not checked. " + UNAVAILABLE);
      return; // each test then reports itself skipped with the same message
    }
    chdb = ChDb.shared(ChDb.configuredLibrary().get());
    String database = CLICKHOUSE.database();
    onCurrentEngine("the database", "CREATE DATABASE " + database);
    // 18.16 was migrated by the runner (ClickHouseExtension); here the same statements run in the same order.
    for (Migration migration : SchemaMigrations.bundled()) {
      for (String statement : migration.statements(database)) {
        onCurrentEngine("migration V" + migration.version() + "__" + migration.name(), statement);
        STATEMENTS.incrementAndGet();
        Matcher view = MATERIALIZED_VIEW.matcher(statement);
        if (view.find()) {
          VIEW_TARGETS.put(view.group(1), view.group(2));
        }
      }
      MIGRATIONS.incrementAndGet();
    }
    DemoCohort cohort = DemoData.load(CLICKHOUSE.client(), database);
    for (String insert : cohort.inserts(database)) {
      onCurrentEngine("the demo cohort", insert);
    }
    viewer = DemoViewer.of(CLICKHOUSE.client(), database, cohort);
  }

  @AfterAll
  static void printWhatWasChecked() {
    if (chdb != null) {
      System.out.printf("current ClickHouse 26.x: %d migrations, %d panel queries, %d cookbook queries checked%n",
          MIGRATIONS.get(), PANEL_QUERIES.get(), COOKBOOK_QUERIES.get());
      System.out.printf("  (engine %s; %d migration statements, %d variable queries, %d tables of which %d filled by "
          + "materialized views)%n", chdb.query("SELECT version()", "TabSeparated").strip(), STATEMENTS.get(),
          VARIABLE_QUERIES.get(), TABLES.get(), VIEW_TARGETS.size());
    }
  }

  @Test
  void everyMigrationLeavesTheSameTablesAndColumnsOnBothEngines() {
    String database = ClickHouseQueries.quote(CLICKHOUSE.database());
    assertSameAnswer("the tables", "SELECT name, engine FROM system.tables WHERE database = " + database
        + " AND name NOT IN (" + RUNNER_TABLES + ") ORDER BY name");
    assertSameAnswer("the columns", "SELECT table, name, type FROM system.columns WHERE database = " + database
        + " AND table NOT IN (" + RUNNER_TABLES + ") ORDER BY table, name");
    assertThat(MIGRATIONS.get()).isEqualTo(SchemaMigrations.bundled().size());
  }

  @TestFactory
  Stream<DynamicTest> everyTableHoldsTheSameRowsOnBothEnginesAndEveryViewFillsItsTarget() {
    List<DynamicTest> tests = new ArrayList<>();
    String database = CLICKHOUSE.database();
    List<String> tables = TableContents.tables(CLICKHOUSE.client(), database);
    assertThat(tables.stream().map(table -> database + "." + table)).as("the views' targets")
        .containsAll(VIEW_TARGETS.values());
    for (String table : tables) {
      if (table.equals(SchemaMigrations.TABLE) || table.equals(SchemaMigrations.STEPS_TABLE)) {
        continue; // the runner's own records, written on 18.16 only
      }
      String name = database + "." + table;
      tests.add(DynamicTest.dynamicTest(name, () -> {
        List<Map<String, Object>> rows = assertSameAnswer(name,
            TableContents.query(CLICKHOUSE.client(), database, table, "", Set.of()));
        if (VIEW_TARGETS.containsValue(name)) {
          assertThat(rows).as("%s, filled by a materialized view from the cohort's inserts", name).isNotEmpty();
        }
        TABLES.incrementAndGet();
      }));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyPanelAndVariableQueryAnswersAlikeOnBothEngines() {
    List<DynamicTest> tests = new ArrayList<>();
    for (GrafanaDashboard dashboard : DashboardLintTest.dashboards()) {
      tests.add(DynamicTest.dynamicTest(dashboard.uid() + " variables", () -> {
        for (boolean preferAll : List.of(true, false)) {
          GrafanaMacros macros = viewer.macros(viewer.variables(dashboard, preferAll));
          for (GrafanaDashboard.Variable variable : dashboard.variables()) {
            if (variable.type().equals("query")) {
              assertSameAnswer("$" + variable.name() + " of " + dashboard.uid(), macros.expand(variable.query()));
              VARIABLE_QUERIES.incrementAndGet();
            }
          }
        }
      }));
      for (GrafanaDashboard.PanelQuery query : dashboard.panelQueries()) {
        if (GrafanaDashboard.CLICKHOUSE_TYPE.equals(query.datasourceType())) {
          tests.add(DynamicTest.dynamicTest(query.label(), () -> {
            for (boolean preferAll : List.of(true, false)) {
              String sql = viewer.macros(viewer.variables(dashboard, preferAll)).expand(query.query());
              assertThat(assertSameAnswer(query.label(), sql)).as("rows of %s", query.label()).isNotEmpty();
            }
            PANEL_QUERIES.incrementAndGet();
          }));
        }
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyCookbookQueryAnswersAlikeOnBothEngines() {
    return CookbookQuery.bundled().stream().map(query -> DynamicTest.dynamicTest(query.file(), () -> {
      String sql = query.sql(CLICKHOUSE.database(), viewer.cookbookParameters());
      assertThat(assertSameAnswer(query.file(), sql)).as("rows of %s", query.file()).isNotEmpty();
      COOKBOOK_QUERIES.incrementAndGet();
    }));
  }

  /** The rows both engines answer; fails naming the engine that refused or what differs. */
  private static List<Map<String, Object>> assertSameAnswer(String what, String sql) {
    String withFormat = sql + "\nFORMAT JSONEachRow";
    String older;
    try {
      older = ClickHouseQueries.text(CLICKHOUSE.client(), withFormat);
    } catch (RuntimeException e) {
      return fail("ClickHouse 18.16 refuses " + what + ": " + e.getMessage() + "\n" + sql, e);
    }
    String current = onCurrentEngine(what, withFormat);
    List<Map<String, Object>> olderRows = EngineAnswers.rows(older);
    EngineAnswers.difference(sql, olderRows, EngineAnswers.rows(current)).ifPresent(
        difference -> fail("ClickHouse 18.16 and 26.x answer " + what + " differently: " + difference + "\n" + sql));
    return olderRows;
  }

  private static String onCurrentEngine(String what, String sql) {
    try {
      return chdb.query(sql, "JSONEachRow");
    } catch (ChDb.QueryFailure e) {
      return fail("ClickHouse 26.x (chDB) refuses " + what + ": " + e.getMessage() + "\n" + sql, e);
    }
  }
}
