package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.learnstream.jobs.pipeline.TestStatements.MONDAY_9AM;
import static org.learnstream.jobs.pipeline.TestStatements.activity;
import static org.learnstream.jobs.pipeline.TestStatements.answered;
import static org.learnstream.jobs.pipeline.TestStatements.raw;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.mastery.BktParameters;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.testing.EndToEndTestBase;

/** The whole job on a real KRaft broker, Flink's MiniCluster and a real ClickHouse server. */
class PipelineEndToEndITCase extends EndToEndTestBase {

  @Test
  void aKnownSetOfStatementsGivesExactlyTheExpectedRows() throws Exception {
    String tenant = "school-a";
    List<Keyed> statements = new ArrayList<>();
    boolean[] adaFractions = {false, true, true, true, false, true};
    for (int i = 0; i < adaFractions.length; i++) {
      statements.add(answered(tenant, "ada", "fractions", adaFractions[i], MONDAY_9AM.plusSeconds(60L * i), i));
    }
    statements.add(answered(tenant, "ada", "decimals", true, MONDAY_9AM.plusSeconds(30), 100));
    statements.add(answered(tenant, "bo", "fractions", false, MONDAY_9AM.plusSeconds(45), 200));

    String prefix = runPipeline(statements);

    String db = CLICKHOUSE.database();
    assertThat(count("learning_events", tenant)).isEqualTo(8);
    assertThat(count("mastery_updates", tenant)).isEqualTo(8);
    assertThat(count("mastery_current", tenant)).isEqualTo(3);

    List<Map<String, Object>> ada = ClickHouseQueries.rows(CLICKHOUSE.client(),
        "SELECT sequence, correct, p_known_before, p_known_after FROM " + db + ".mastery_updates FINAL"
            + " WHERE tenant = '" + tenant + "' AND skill = '" + activity("fractions") + "'"
            + " AND learner IN (SELECT learner FROM " + db + ".learning_events FINAL"
            + " WHERE statement_id = '" + TestStatements.id(0) + "') ORDER BY sequence FORMAT JSONEachRow");
    assertThat(ada).hasSize(adaFractions.length);
    double pKnown = BktParameters.DEFAULTS.prior();
    for (int i = 0; i < adaFractions.length; i++) {
      Map<String, Object> row = ada.get(i);
      assertThat(number(row, "sequence")).isEqualTo(i + 1);
      assertThat(number(row, "correct")).isEqualTo(adaFractions[i] ? 1 : 0);
      assertThat(number(row, "p_known_before")).isCloseTo(pKnown, within());
      pKnown = referenceBkt(pKnown, adaFractions[i], BktParameters.DEFAULTS);
      assertThat(number(row, "p_known_after")).isCloseTo(pKnown, within());
    }

    var log = KAFKA.readAll(prefix + Topics.LEARNING_EVENTS, 8, Duration.ofSeconds(30));
    assertThat(log).hasSize(8);
  }

  @Test
  void theSameStatementsSentTwiceGiveTheSameRows() throws Exception {
    String tenant = "school-b";
    List<Keyed> once = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      once.add(answered(tenant, "cy", "ratios", i % 2 == 0, MONDAY_9AM.plusSeconds(60L * i), 1000 + i));
    }
    List<Keyed> twice = new ArrayList<>(once);
    twice.addAll(once);

    runPipeline(twice);

    assertThat(count("learning_events", tenant)).isEqualTo(5);
    assertThat(count("mastery_updates", tenant)).isEqualTo(5);
    Map<String, Object> current = ClickHouseQueries.rows(CLICKHOUSE.client(),
        "SELECT attempts, correct_count FROM " + CLICKHOUSE.database() + ".mastery_current FINAL"
            + " WHERE tenant = '" + tenant + "' FORMAT JSONEachRow")
        .get(0);
    assertThat(number(current, "attempts")).isEqualTo(5);
    assertThat(number(current, "correct_count")).isEqualTo(3);
  }

  @Test
  void aMalformedStatementBecomesADeadLetterAndTheJobKeepsGoing() throws Exception {
    String tenant = "school-c";
    String noMailto = "{\"actor\":{\"mbox\":\"dee@school.example\"},"
        + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},"
        + "\"object\":{\"id\":\"https://learnstream.example/activities/x\"}}";
    List<Keyed> statements = List.of(
        answered(tenant, "dee", "angles", true, MONDAY_9AM, 2000),
        raw(tenant, "{ this is not json"),
        raw(tenant, noMailto),
        answered(tenant, "dee", "angles", true, MONDAY_9AM.plusSeconds(60), 2001));

    runPipeline(statements);

    assertThat(count("learning_events", tenant)).isEqualTo(2);
    List<Map<String, Object>> dead = ClickHouseQueries.rows(CLICKHOUSE.client(),
        "SELECT field, rule, reason, payload FROM " + CLICKHOUSE.database() + ".dead_letters FINAL"
            + " WHERE tenant = '" + tenant + "' ORDER BY rule FORMAT JSONEachRow");
    assertThat(dead).hasSize(2);
    assertThat(dead).anySatisfy(row -> {
      assertThat(row.get("rule")).isEqualTo("json.syntax");
      assertThat(row.get("payload")).isEqualTo("{ this is not json");
    });
    assertThat(dead).anySatisfy(row -> {
      assertThat(String.valueOf(row.get("field"))).isEqualTo("$.actor.mbox");
      assertThat(String.valueOf(row.get("reason"))).contains("$.actor.mbox").contains("mailto");
      assertThat(row.get("payload")).isEqualTo(noMailto);
    });
  }

  /** Sends the statements to a fresh set of topics and runs the bounded job over them to the end. */
  private static String runPipeline(List<Keyed> statements) throws Exception {
    return TestPipelineRuns.runBounded(KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), statements, "t", config -> {
    });
  }

  private static long count(String table, String tenant) {
    return ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM " + CLICKHOUSE.database() + "."
        + table + " FINAL WHERE tenant = '" + tenant + "'");
  }

  /** DESIGN section 5, written out independently of the production kernel. */
  private static double referenceBkt(double pKnown, boolean correct, BktParameters p) {
    double posterior = correct
        ? pKnown * (1 - p.slip()) / (pKnown * (1 - p.slip()) + (1 - pKnown) * p.guess())
        : pKnown * p.slip() / (pKnown * p.slip() + (1 - pKnown) * (1 - p.guess()));
    return posterior * (1 - p.forget()) + (1 - posterior) * p.learn();
  }

  private static double number(Map<String, Object> row, String column) {
    return Double.parseDouble(String.valueOf(row.get(column)));
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
