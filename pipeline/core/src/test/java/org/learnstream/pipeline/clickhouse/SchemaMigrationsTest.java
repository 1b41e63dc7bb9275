package org.learnstream.pipeline.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaMigrationsTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  @Test
  void createsTheCoreTablesAndRecordsEveryMigration() {
    List<Map<String, Object>> tables = ClickHouseQueries.rows(CLICKHOUSE.client(),
        "SELECT name FROM system.tables WHERE database = '" + CLICKHOUSE.database() + "' ORDER BY name");
    assertThat(tables).extracting(t -> t.get("name")).contains("learning_events", "mastery_updates",
        "mastery_current", "mastery_current_mv", "dead_letters", "schema_migrations");
    assertThat(ClickHouseQueries.count(CLICKHOUSE.client(), CLICKHOUSE.table("schema_migrations")))
        .isEqualTo(SchemaMigrations.bundled().size());
  }

  @Test
  void everyTableTheMigrationsCreateIsDeclaredAsAProjectionOrAsKeptByReplay() {
    List<Map<String, Object>> objects = ClickHouseQueries.rows(CLICKHOUSE.client(),
        "SELECT name FROM system.tables WHERE database = '" + CLICKHOUSE.database()
            + "' ORDER BY name FORMAT JSONEachRow");
    assertThat(objects).extracting(t -> t.get("name")).containsExactlyElementsOf(ProjectionTables.everyObject());
    for (ProjectionTables.Projection p : ProjectionTables.viewFed()) {
      String create = ClickHouseQueries.text(CLICKHOUSE.client(), "SHOW CREATE TABLE " + CLICKHOUSE.table(p.view())
          + " FORMAT TabSeparatedRaw");
      assertThat(create).as("view of %s", p.table())
          .contains("TO " + CLICKHOUSE.table(p.table())).contains("FROM " + CLICKHOUSE.table(p.source()));
    }
  }

  @Test
  void applyingTwiceChangesNothingTheSecondTime() {
    String database = CLICKHOUSE.database() + "_twice";
    assertThat(SchemaMigrations.apply(CLICKHOUSE.client(), database)).hasSameSizeAs(SchemaMigrations.bundled());
    assertThat(SchemaMigrations.apply(CLICKHOUSE.client(), database)).isEmpty();
    assertThat(ClickHouseQueries.count(CLICKHOUSE.client(), database + ".schema_migrations"))
        .isEqualTo(SchemaMigrations.bundled().size());
    ClickHouseQueries.execute(CLICKHOUSE.client(), "DROP DATABASE " + database);
  }

  @Test
  void refusesAnAppliedMigrationWhoseTextChanged() {
    String database = CLICKHOUSE.database() + "_edited";
    Migration original = new Migration(1, "demo",
        "CREATE TABLE ${database}.demo (n UInt8) ENGINE = MergeTree() ORDER BY n;\n");
    SchemaMigrations.apply(CLICKHOUSE.client(), database, List.of(original));
    Migration edited = new Migration(1, "demo",
        "CREATE TABLE ${database}.demo (n UInt16) ENGINE = MergeTree() ORDER BY n;\n");
    assertThatThrownBy(() -> SchemaMigrations.apply(CLICKHOUSE.client(), database, List.of(edited)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("V1__demo was changed after it was applied")
        .hasMessageContaining(original.checksum())
        .hasMessageContaining("new V2__");
    ClickHouseQueries.execute(CLICKHOUSE.client(), "DROP DATABASE " + database);
  }

  @Test
  void appliesNewerMigrationsInVersionOrder() {
    String database = CLICKHOUSE.database() + "_order";
    Migration second = new Migration(2, "add_rows", "INSERT INTO ${database}.demo VALUES (7);\n");
    Migration first = new Migration(1, "demo", "-- a comment line\nCREATE TABLE ${database}.demo (n UInt8)\n"
        + "ENGINE = MergeTree() ORDER BY n;\nINSERT INTO ${database}.demo VALUES (1);\n");
    SchemaMigrations.apply(CLICKHOUSE.client(), database, List.of(first));
    assertThat(SchemaMigrations.apply(CLICKHOUSE.client(), database, List.of(second, first)))
        .extracting(Migration::version).containsExactly(2);
    assertThat(ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT sum(n) FROM " + database + ".demo"))
        .isEqualTo(8);
    ClickHouseQueries.execute(CLICKHOUSE.client(), "DROP DATABASE " + database);
  }

  @Test
  void theIndexListsEveryMigrationFileInTheSourceTree() throws IOException {
    Path dir = Path.of("src/main/resources/clickhouse/migrations");
    try (Stream<Path> files = Files.list(dir)) {
      List<String> onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted()
          .toList();
      assertThat(SchemaMigrations.bundled()).extracting(m -> "V%03d__%s.sql".formatted(m.version(), m.name()))
          .containsExactlyElementsOf(onDisk);
    }
  }
}
