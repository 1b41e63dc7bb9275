package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.config.WatchedFile;
import org.learnstream.pipeline.catalog.RuleSubject;
import org.learnstream.pipeline.catalog.SkillRules;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.testing.ClickHouseExtension;

/**
 * The curation loop on a real ClickHouse server: {@code skills unmapped} lists what nothing maps with suggested
 * skills, {@code skills accept} writes the rule into the rules file, {@code skills reject} is remembered.
 */
class SkillsCurationCommandTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final String QUIZ = "https://moodle.example/mod/quiz/attempt.php?attempt=1&cmid=7";
  private static final String UNMAPPED = "https://moodle.example/question/question.php?cmid=7&id=12";
  private static final long T0 = Instant.now().minusSeconds(3600).toEpochMilli();

  @TempDir
  Path dir;

  /** Each test has its school, so that one test's decisions do not change what another lists. */
  @BeforeAll
  static void responsesOfOneQuizInEachSchool() {
    // ada and bo answer a question on adding, then the unmapped one, then one on comparing
    for (String tenant : List.of("school-list", "school-accept", "school-reject")) {
      for (String learner : List.of("p-ada", "p-bo")) {
        String id = tenant + learner;
        response(tenant, id + "1", learner, "https://moodle.example/question/question.php?cmid=7&id=11", 0, 1,
            "fractions.adding");
        response(tenant, id + "2", learner, UNMAPPED, 1, learner.equals("p-ada") ? 1 : 0, UNMAPPED);
        response(tenant, id + "3", learner, "https://moodle.example/question/question.php?cmid=7&id=13", 2, 0,
            "fractions.comparing");
      }
    }
  }

  @Test
  void theUnmappedActivityIsListedWithTheSkillAnsweredNextToItFirst() {
    CliResult result = run("skills", "unmapped", "--tenant", "school-list");

    assertThat(result.code()).as(result.err()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines.get(2).split("\\s+")).containsSubsequence(UNMAPPED, "2", "2", "50%",
        "fractions.adding", "(2,", "2,", "100%);", "fractions.comparing", "(2,", "2,", "0%)");
    assertThat(result.out()).contains("1 unmapped activities");
  }

  @Test
  void acceptingWritesARuleThatMapsTheActivityAndTheSuggestionIsNotListedAgain() throws IOException {
    Path rules = Files.writeString(dir.resolve("rules.yaml"), """
        # rules of school-1
        version: "2026-12"
        rules:
            - activity: "https://moodle.example/question/question.php?cmid=9&*"
              skills: [fractions.adding]
        """);

    CliResult accepted = run("skills", "accept", "--tenant", "school-accept", "--activity", UNMAPPED, "--skill",
        "fractions.comparing", "--rules", rules.toString());

    assertThat(accepted.code()).as(accepted.err()).isZero();
    assertThat(accepted.out()).contains("rule 2 of " + rules);
    String text = Files.readString(rules);
    assertThat(text).startsWith("# rules of school-1\n").contains("    - activity: \"" + UNMAPPED + "\"\n");
    SkillRules read = SkillRules.fromTree(WatchedFile.readMapping(rules, "rules", "version and rules"), "rules");
    assertThat(read.skillsFor(new RuleSubject(UNMAPPED, null, Map.of()))).containsExactly("fractions.comparing");
    String listed = run("skills", "unmapped", "--tenant", "school-accept").out();
    assertThat(listed).contains("fractions.adding").doesNotContain("fractions.comparing");
  }

  @Test
  void aRejectedSuggestionIsNotListedAgainAndNoRulesFileChanges() {
    CliResult rejected = run("skills", "reject", "--tenant", "school-reject", "--activity", UNMAPPED, "--skill",
        "fractions.adding");

    assertThat(rejected.code()).as(rejected.err()).isZero();
    assertThat(ClickHouseQueries.text(CLICKHOUSE.client(), "SELECT decision FROM "
        + CLICKHOUSE.table("skill_suggestion_decisions") + " FINAL WHERE tenant = 'school-reject'"
        + " FORMAT TabSeparated").strip()).isEqualTo("rejected");
    assertThat(run("skills", "unmapped", "--tenant", "school-reject").out()).doesNotContain("fractions.adding")
        .contains("fractions.comparing");
  }

  private static void response(String tenant, String id, String learner, String activity, int minute, int success,
      String skill) {
    long at = T0 + minute * 60_000L;
    String time = "toDateTime(" + at / 1000 + ", 'UTC')";
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("learning_events")
        + " (statement_id, tenant, learner, kind, verb, object_id, object_type, skills, success, course, section,"
        + " timestamp, timestamp_ms, stored, stored_ms) VALUES ('" + id + "', '" + tenant + "', '" + learner
        + "', 'RESPONSE', 'http://adlnet.gov/expapi/verbs/answered', " + ClickHouseQueries.quote(activity)
        + ", 'Activity', [], " + success + ", 'https://moodle.example/course/view.php?id=2', "
        + ClickHouseQueries.quote(QUIZ) + ", " + time + ", " + at + ", " + time + ", " + at + ")");
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("mastery_updates")
        + " (tenant, learner, skill, statement_id, event_time, event_time_ms, sequence, correct) VALUES ("
        + "'" + tenant + "', '" + learner + "', " + ClickHouseQueries.quote(skill) + ", '" + id + "', " + time + ", "
        + at
        + ", 1, " + success + ")");
  }

  private static CliResult run(String... args) {
    return CliResult.run(Map.of(
        "LEARNSTREAM_CLICKHOUSE_URL", CLICKHOUSE.endpoint().url(),
        "LEARNSTREAM_CLICKHOUSE_USER", CLICKHOUSE.endpoint().user(),
        "LEARNSTREAM_CLICKHOUSE_DATABASE", CLICKHOUSE.database()), args);
  }
}
