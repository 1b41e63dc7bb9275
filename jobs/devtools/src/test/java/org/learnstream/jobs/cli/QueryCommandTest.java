package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.CookbookQuery;
import org.learnstream.pipeline.testing.ClickHouseExtension;

/** {@code learnstream query} runs cookbook queries by name against a real ClickHouse server. */
class QueryCommandTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  /** A course id as LMSs send it: an IRI, which a text substitution into SQL would have to escape. */
  private static final String COURSE = "https://school.example/courses/math-7?term=2026'spring";

  @BeforeAll
  static void landEventsAndMastery() {
    event("s1", "school-1", "p-ana", "RESPONSE", 1, "2026-03-02 08:00:00");
    event("s2", "school-1", "p-ana", "RESPONSE", 0, "2026-03-02 09:30:00");
    event("s3", "school-1", "p-ana", "RESPONSE", 0, "2026-03-03 10:00:00");
    event("s4", "school-2", "p-ana", "RESPONSE", 1, "2026-03-02 08:00:00");
    mastery("p-ana", 0.31);
    mastery("p-ben", 0.82);
  }

  @Test
  void aQueryWithItsParametersPrintsItsRowsAsCsvWithAHeader() {
    CliResult result = run("query", "learner_activity_per_day", "-p", "tenant=school-1", "-p", "learner=p-ana",
        "--param", "from=2026-03-01", "--param", "to=2026-03-31", "--csv");

    assertThat(result.code()).as(result.err()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo(
        "\"day\",\"course\",\"events\",\"responses\",\"correct\",\"skills_practised\",\"first_seen\",\"last_seen\"");
    assertThat(lines.get(1))
        .startsWith("\"2026-03-02\",\"https://school.example/courses/math-7?term=2026'spring\",2,2,1,1,")
        .contains("2026-03-02 08:00:00", "2026-03-02 09:30:00");
    assertThat(lines.get(2)).startsWith("\"2026-03-03\",").contains(",1,1,0,1,");
  }

  @Test
  void aQueryPrintsATableOfOnlyTheRowsItsParametersSelect() {
    CliResult result = run("query", "learners_below_threshold.sql", "-p", "tenant=school-1", "-p", "course=" + COURSE,
        "-p", "section=7A", "-p", "threshold=0.6");

    assertThat(result.code()).as(result.err()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines.get(0).split("\\s+")).containsSubsequence("learner", "skill", "p_known", "attempts");
    assertThat(lines).hasSize(3);
    assertThat(lines.get(2).split("\\s+")).containsSubsequence("p-ana", "fractions", "0.31");
    assertThat(result.out()).doesNotContain("p-ben");
  }

  @Test
  void withoutANameItListsEveryQueryWithTheParametersItTakes() {
    CliResult result = run("query");

    assertThat(result.code()).isZero();
    for (CookbookQuery query : CookbookQuery.bundled()) {
      assertThat(result.out()).contains(query.file().replace(".sql", "") + ": " + query.title());
      query.parameters().forEach(p -> assertThat(result.out()).contains("-p " + p.name() + "=... (" + p.type() + ")"));
    }
  }

  @Test
  void aMisspeltQueryNameIsABadUsageWithTheNameItMostLikelyMeant() {
    CliResult result = run("query", "time_to_mastry", "-p", "tenant=school-1");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().strip()).startsWith("learnstream query: no cookbook query 'time_to_mastry'; did you mean "
        + "time_to_mastery?").hasLineCount(1);
  }

  @Test
  void aParameterTheQueryDoesNotTakeIsABadUsageNamingTheOnesItTakes() {
    CliResult result = run("query", "time_to_mastery", "-p", "tenant=school-1", "-p", "corse=math-7");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().strip()).isEqualTo("learnstream query: query time_to_mastery has no parameter 'corse'; "
        + "did you mean course? (it takes tenant, course)");
  }

  @Test
  void aMissingParameterIsABadUsageNamingItsTypeAndMeaning() {
    CliResult result = run("query", "time_to_mastery", "-p", "tenant=school-1");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("needs a value for parameter 'course' (String: course id)");
  }

  @Test
  void withoutAClickHouseUrlItSaysWhichSettingToSet() {
    CliResult result = CliResult.run(Map.of(), "query", "time_to_mastery", "-p", "tenant=a", "-p", "course=b");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().strip()).startsWith("learnstream query: query needs a server: set clickhouse.url")
        .hasLineCount(1);
  }

  @Test
  void aClickHouseUrlWhereNothingListensIsNamedWithinFiveSeconds() throws IOException {
    String url;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      url = "http://127.0.0.1:" + socket.getLocalPort();
    }
    long start = System.nanoTime();

    CliResult result = CliResult.run(Map.of("LEARNSTREAM_CLICKHOUSE_URL", url),
        "query", "time_to_mastery", "-p", "tenant=a", "-p", "course=b");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err().strip()).contains(url, "clickhouse.url").hasLineCount(1);
  }

  private static CliResult run(String... args) {
    return CliResult.run(Map.of(
        "LEARNSTREAM_CLICKHOUSE_URL", CLICKHOUSE.endpoint().url(),
        "LEARNSTREAM_CLICKHOUSE_USER", CLICKHOUSE.endpoint().user(),
        "LEARNSTREAM_CLICKHOUSE_DATABASE", CLICKHOUSE.database()), args);
  }

  private static void event(String id, String tenant, String learner, String kind, int success, String time) {
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("learning_events")
        + " (statement_id, tenant, learner, kind, verb, object_id, object_type, skills, success, course, section,"
        + " timestamp, timestamp_ms, stored, stored_ms) VALUES ("
        + String.join(",", ClickHouseQueries.quote(id), ClickHouseQueries.quote(tenant),
            ClickHouseQueries.quote(learner),
            ClickHouseQueries.quote(kind), "'http://adlnet.gov/expapi/verbs/answered'", "'https://x.example/q1'",
            "'Activity'", "['fractions']", Integer.toString(success), ClickHouseQueries.quote(COURSE), "'7A'",
            "toDateTime('" + time + "', 'UTC')", "0", "toDateTime('" + time + "', 'UTC')", "0")
        + ")");
  }

  private static void mastery(String learner, double pKnown) {
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("mastery_current")
        + " (tenant, learner, skill, statement_id, course, section, event_time, event_time_ms, sequence, correct,"
        + " p_known_after, mastered, attempts, correct_count, recent_accuracy, recent_window, trend) VALUES ("
        + String.join(",", "'school-1'", ClickHouseQueries.quote(learner), "'fractions'", "'s1'",
            ClickHouseQueries.quote(COURSE), "'7A'", "toDateTime('2026-03-03 10:00:00', 'UTC')", "0", "3", "0",
            Double.toString(pKnown), "0", "3", "1", "0.333", "3", "0")
        + ")");
  }
}
