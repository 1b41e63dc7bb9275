package org.learnstream.jobs.devtools;

import org.learnstream.jobs.cli.TextTable;
import com.clickhouse.client.api.Client;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.simulate.GroundTruth;
import org.learnstream.pipeline.simulate.LearnerTruth;
import org.learnstream.pipeline.simulate.SkillTruth;

/** What the demo prints once the cohort has flowed through: counts, mastery per skill, dead letters, one query. */
final class DemoSummary {

  private final Client client;
  private final String db;
  private final PrintStream out;

  DemoSummary(Client client, String database, PrintStream out) {
    this.client = client;
    this.db = database;
    this.out = out;
  }

  /**
   * @param pseudonyms the pseudonym the job gave each learner, by canonical identifier ({@link org.learnstream.jobs.pipeline.JobPseudonyms})
   */
  void print(long statementsIn, GroundTruth truth, Map<String, String> pseudonyms) {
    out.println();
    out.println("== Learnstream demo summary ==");
    out.printf("statements in:            %,d%n", statementsIn);
    for (String table : List.of("learning_events", "mastery_updates", "mastery_current", "dead_letters")) {
      out.printf("rows in %-18s %,d%n", table + ":", ClickHouseQueries.countFinal(client, db + "." + table));
    }

    out.println();
    out.println("Learners who mastered each skill (P(L) >= threshold), from " + db + ".mastery_current:");
    out.print(TextTable.of(ClickHouseQueries.rows(client,
        "SELECT skill, count() AS learners, sum(mastered) AS mastered, round(avg(p_known_after), 3) AS mean_p_known"
            + " FROM " + db + ".mastery_current FINAL GROUP BY skill ORDER BY skill FORMAT JSONEachRow")));

    printAgreementWithTruth(truth, pseudonyms);

    out.println();
    out.println("Dead letters (bad input, kept with its reason and original bytes):");
    out.print(TextTable.of(ClickHouseQueries.rows(client,
        "SELECT origin, rule, reason FROM " + db + ".dead_letters FINAL ORDER BY rule, reason FORMAT JSONEachRow")));

    String skill = truth.spec().skills().get(0).skillId();
    String sql = "SELECT section, count() AS learners, round(avg(p_known_after), 3) AS mean_p_known,\n"
        + "       sum(mastered) AS mastered\n"
        + "FROM " + db + ".mastery_current FINAL\n"
        + "WHERE tenant = '" + truth.spec().tenant() + "' AND skill = '" + skill + "'\n"
        + "GROUP BY section ORDER BY section";
    out.println();
    out.println("Example query (mastery of one skill per class section):");
    out.println(sql.indent(2).stripTrailing());
    out.print(TextTable.of(ClickHouseQueries.rows(client, sql + " FORMAT JSONEachRow")));
  }

  /** The simulator knows each learner's hidden state: compare the estimate with it. */
  private void printAgreementWithTruth(GroundTruth truth, Map<String, String> pseudonyms) {
    Map<String, Boolean> estimated = new HashMap<>();
    for (Map<String, Object> row : ClickHouseQueries.rows(client,
        "SELECT learner, skill, mastered FROM " + db + ".mastery_current FINAL FORMAT JSONEachRow")) {
      estimated.put(row.get("learner") + "|" + row.get("skill"),
          Integer.parseInt(String.valueOf(row.get("mastered"))) == 1);
    }
    int compared = 0;
    int agree = 0;
    int estimatedMastered = 0;
    int trulyKnownAmongThem = 0;
    for (LearnerTruth learner : truth.learners()) {
      String pseudonym = pseudonyms.get(canonicalIdentifier(learner));
      for (SkillTruth skill : learner.skills()) {
        Boolean mastered = estimated.get(pseudonym + "|" + skill.skillId());
        if (mastered == null) {
          continue;
        }
        compared++;
        if (mastered == skill.knownAtEnd()) {
          agree++;
        }
        if (mastered) {
          estimatedMastered++;
          if (skill.knownAtEnd()) {
            trulyKnownAmongThem++;
          }
        }
      }
    }
    out.println();
    out.printf("Against the simulator's hidden truth: the mastered/not-mastered call agrees for %d of %d"
        + " learner x skill pairs (%.1f %%);%n", agree, compared, compared == 0 ? 0.0 : 100.0 * agree / compared);
    out.printf("of %d pairs estimated as mastered, %d truly are (precision %.1f %%).%n", estimatedMastered,
        trulyKnownAmongThem, estimatedMastered == 0 ? 0.0 : 100.0 * trulyKnownAmongThem / estimatedMastered);
  }

  /** The learner's canonical identifier: their statements' Kafka key without the tenant. */
  static String canonicalIdentifier(LearnerTruth learner) {
    return learner.actorKey().substring(learner.actorKey().indexOf('|') + 1);
  }
}
