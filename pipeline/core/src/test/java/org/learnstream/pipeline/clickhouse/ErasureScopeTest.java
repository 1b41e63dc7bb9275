package org.learnstream.pipeline.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;

/** Erasure knows every table the migrations create, and erases by learner every table that has a learner column. */
class ErasureScopeTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  @Test
  void everyTableOfAMigratedDatabaseIsNamedOnceInTheErasureScope() {
    List<String> tables = ClickHouseCatalog.tables(SchoolDatabase.Sql.of(CLICKHOUSE.client()), CLICKHOUSE.database());

    assertThat(ErasureScope.everyTable()).containsExactlyElementsOf(tables);
    assertThat(ErasureScope.everyTable()).containsExactlyElementsOf(ProjectionTables.everyObject().stream()
        .filter(t -> !t.endsWith("_mv")).toList());
  }

  @Test
  void everyTableWithALearnerColumnIsErasedByLearner() {
    List<Map<String, Object>> withLearner = ClickHouseQueries.rows(CLICKHOUSE.client(), "SELECT DISTINCT table FROM "
        + "system.columns WHERE database = '" + CLICKHOUSE.database() + "' AND name = 'learner' AND table IN ("
        + "SELECT name FROM system.tables WHERE database = '" + CLICKHOUSE.database()
        + "' AND engine != 'MaterializedView') ORDER BY table");

    assertThat(withLearner).extracting(r -> (String) r.get("table")).isNotEmpty()
        .allSatisfy(table -> assertThat(table)
            .isIn(concat(ErasureScope.BY_LEARNER, List.of(ErasureReceipts.TABLE, AuditLog.TABLE))));
  }

  @Test
  void everyColumnThatCanHoldTextIsReadAsTextAndAnUnknownTextTypeIsRefused() {
    assertThat(TextColumns.asText("c", "Nullable(String)")).contains("c");
    assertThat(TextColumns.asText("c", "LowCardinality(Nullable(String))")).contains("ifNull(toString(c), '')");
    assertThat(TextColumns.asText("c", "Array(Array(String))")).contains(
        "arrayStringConcat(arrayMap(e3 -> arrayStringConcat(arrayMap(e2 -> toString(e2), e3), ' '), c), ' ')");
    assertThat(TextColumns.asText("c", "DateTime('UTC')")).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TextColumns.asText("c", "Tuple(String, UInt8)"))
        .hasMessageContaining("Cannot read column c of type Tuple(String, UInt8) as text");
  }

  @Test
  void aMentionIsFoundLiterallyWhateverCharactersItHoldsAndLetterCaseAside() {
    TextColumns text = new TextColumns(List.of("t"), List.of());

    assertThat(matching(text.mentions(List.of(List.of("lrn-1"), List.of("x.y+z(1)|[a]^$\\d")))))
        .isEqualTo("said X.Y+Z(1)|[A]^$\\d https://lms.example\nLRN-1\n");
    assertThat(matching(text.mentions(List.of(List.of("lrn-1"))))).isEqualTo("LRN-1\n");
    assertThat(matching(text.mentions(List.of(List.of("https://LMS.example", "Said")))))
        .isEqualTo("said X.Y+Z(1)|[A]^$\\d https://lms.example\n");
  }

  /** Which of a few texts hold a mention, on the real server. */
  private static String matching(String mentions) {
    return ClickHouseQueries.text(CLICKHOUSE.client(), "SELECT t FROM (SELECT arrayJoin(['said X.Y+Z(1)|[A]^$\\\\d "
        + "https://lms.example', 'xayyz1', 'LRN-1', 'lrn-2', 'said https://lms.other']) AS t) WHERE " + mentions
        + " FORMAT TabSeparatedRaw");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
