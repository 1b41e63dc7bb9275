package org.learnstream.pipeline.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.catalog.CaseFramework;
import org.learnstream.pipeline.catalog.CaseFrameworkReader;
import org.learnstream.pipeline.catalog.FrameworkItem;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.schemas.DeadLetter;
import org.learnstream.schemas.MasteryUpdate;

/** Imported CASE frameworks in ClickHouse: versions side by side, and the README's roll-up up the hierarchy. */
class FrameworkCatalogTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final String FIXTURE = "/case/ccss-ratios-opensalt.json";
  private static final String TENANT = "school-a";
  private static final String RP = "CCSS.Math.Content.6.RP.A";

  private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();

  @Test
  void aSecondImportIsANewVersionAndTheFirstStays() throws IOException {
    CaseFramework framework = fixture();
    FrameworkCatalog catalog = new FrameworkCatalog(CLICKHOUSE.client(), CLICKHOUSE.database());
    String id = framework.identifier();
    int before = catalog.latestVersion(id);

    FrameworkCatalog.Imported first = catalog.load(framework, FIXTURE, Instant.parse("2026-12-01T08:00:00Z"));
    FrameworkCatalog.Imported second = catalog.load(framework, FIXTURE, Instant.parse("2026-12-02T08:00:00Z"));

    assertThat(first.version()).isEqualTo(before + 1);
    assertThat(second.version()).isEqualTo(before + 2);
    assertThat(catalog.latestVersion(id)).isEqualTo(second.version());
    // 16 items; each standard has its cluster above it, each component its standard and cluster
    assertThat(first.ancestries()).isEqualTo(16 + 6 + 2 * 8);
    List<Map<String, Object>> perVersion = ClickHouseQueries.rows(CLICKHOUSE.client(),
        "SELECT version, count() AS skills FROM " + CLICKHOUSE.table("framework_skills") + " WHERE framework = '"
            + id + "' AND version > " + before + " GROUP BY version ORDER BY version FORMAT JSONEachRow");
    assertThat(perVersion).extracting(r -> r.get("version") + ":" + r.get("skills"))
        .containsExactly(first.version() + ":16", second.version() + ":16");
  }

  @Test
  void theReadmeRollUpGivesEachStandardTheMeanOfTheSkillsTracedBelowIt() throws IOException {
    CaseFramework framework = fixture();
    new FrameworkCatalog(CLICKHOUSE.client(), CLICKHOUSE.database()).load(framework, FIXTURE, Instant.now());
    Map<String, FrameworkItem> byCode = framework.items().stream()
        .collect(Collectors.toMap(FrameworkItem::code, item -> item));
    String ratios = byCode.get(RP + ".1").uri();
    String tables = byCode.get(RP + ".3a").uri();
    // a rule may name the item by its identifier or its code instead of its URI
    String unitRates = byCode.get(RP + ".3b").identifier();
    String unitRatesOfFractions = "CCSS.Math.Content.7.RP.A.1";
    write(List.of(current("ada", ratios, 0.9), current("bo", ratios, 0.5), current("ada", tables, 0.8),
        current("ada", unitRates, 0.2), current("cy", unitRates, 0.4), current("dee", unitRatesOfFractions, 0.6),
        current("ada", "not-in-a-framework", 0.1)));

    List<Map<String, Object>> rolledUp = ClickHouseQueries.rows(CLICKHOUSE.client(),
        ReadmeQueries.of("skill_ancestors").get(0).replace("db.", CLICKHOUSE.database() + ".")
            + " ORDER BY code FORMAT JSONEachRow");

    assertThat(rolledUp).extracting(r -> r.get("code") + " " + r.get("skills_traced") + " " + r.get("learners") + " "
        + Math.round(((Number) r.get("rolled_up_p_known")).doubleValue() * 1000) / 1000.0)
        .containsExactly(
            RP + " 3 3 0.6", // mean of 0.7 (6.RP.A.1), 0.8 (3a) and 0.3 (3b)
            RP + ".1 1 2 0.7",
            RP + ".3 2 2 0.55", // mean of its components 3a and 3b
            RP + ".3a 1 1 0.8",
            RP + ".3b 1 2 0.3",
            "CCSS.Math.Content.7.RP.A 1 1 0.6",
            unitRatesOfFractions + " 1 1 0.6");
    assertThat(deadLetters).isEmpty();
  }

  private void write(List<MasteryUpdate> rows) {
    ClickHouseWriter<MasteryUpdate> writer = new ClickHouseWriter<>(CLICKHOUSE.client(), CLICKHOUSE.database(),
        new MasteryUpdateEncoder(), WriterSettings.defaults(), deadLetters::add);
    rows.forEach(writer::write);
    writer.flush();
  }

  private static MasteryUpdate current(String learner, String skill, double pKnown) {
    return MasteryUpdate.newBuilder(TestRows.masteryUpdates(TENANT, learner, skill, 1, 1).get(0))
        .setPKnownAfter(pKnown).setMastered(false).build();
  }

  private static CaseFramework fixture() throws IOException {
    try (InputStream in = FrameworkCatalogTest.class.getResourceAsStream(FIXTURE)) {
      return CaseFrameworkReader.read(in.readAllBytes(), FIXTURE);
    }
  }
}
