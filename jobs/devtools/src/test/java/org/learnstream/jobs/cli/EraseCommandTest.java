package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.pipeline.xapi.Pseudonymizer;

/** {@code learnstream erase} on a real ClickHouse server: a receipt for a known learner, exit 2 for bad input. */
class EraseCommandTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final String ANA = Pseudonymizer.unkeyed().learnerId("school-1", "mbox:mailto:ana@example.org");

  @Test
  void erasingALearnerByEmailPrintsTheRowsRemovedAndAVerifiedReceiptAndIsAudited() {
    insertStatement("s-1", ANA, "ana@example.org");
    insertStatement("s-2", "someone-else", "ben@example.org");

    CliResult erased = run("erase", "--tenant", "school-1", "--mbox", "mailto:ana@example.org");

    assertThat(erased.code()).as(erased.err()).isZero();
    assertThat(erased.out()).contains("learner " + ANA).contains("removed=").contains("verified=yes")
        .doesNotContain("ana@example.org");
    assertThat(ClickHouseQueries.text(CLICKHOUSE.client(), "SELECT statement_id FROM "
        + CLICKHOUSE.table("learning_events") + " FORMAT TabSeparated")).isEqualTo("s-2\n");
    assertThat(ClickHouseQueries.text(CLICKHOUSE.client(), "SELECT action FROM " + CLICKHOUSE.table("audit_log")
        + " WHERE tenant = 'school-1' FORMAT TabSeparated")).isEqualTo("erase\n");
  }

  @Test
  void anUnknownLearnerOrAMalformedIdentifierExitsWith2AndChangesNothing() {
    insertStatement("s-3", "kept", "cleo@example.org");
    long rows = ClickHouseQueries.count(CLICKHOUSE.client(), CLICKHOUSE.table("learning_events"));

    CliResult unknown = run("erase", "--tenant", "school-1", "--mbox", "nobody@example.org");
    CliResult malformed = run("erase", "--tenant", "school-1", "--mbox", "not-an-address");
    CliResult twice = run("erase", "--tenant", "school-1", "--pseudonym", ANA, "--openid", "https://id.example/a");

    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("no rows of learner").contains("nothing was changed");
    assertThat(malformed.code()).isEqualTo(2);
    assertThat(malformed.err()).contains("--mbox: must be an e-mail address");
    assertThat(twice.code()).isEqualTo(2);
    assertThat(twice.err()).contains("name the learner once");
    assertThat(ClickHouseQueries.count(CLICKHOUSE.client(), CLICKHOUSE.table("learning_events"))).isEqualTo(rows);
  }

  private static void insertStatement(String id, String learner, String email) {
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("learning_events")
        + " (statement_id, tenant, learner, kind, verb, object_id, object_type, skills, timestamp, timestamp_ms,"
        + " stored, stored_ms, statement_json) VALUES ('" + id + "', 'school-1', '" + learner + "', 'RESPONSE', 'v', "
        + "'o', 'Activity', [], 1700000000, 1700000000000, 1700000000, 1700000000000, '{\"actor\":{\"mbox\":"
        + "\"mailto:" + email + "\"}}')");
  }

  private static CliResult run(String... args) {
    return CliResult.runOn(CLICKHOUSE, args);
  }
}
