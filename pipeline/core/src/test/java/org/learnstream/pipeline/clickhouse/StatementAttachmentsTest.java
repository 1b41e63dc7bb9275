package org.learnstream.pipeline.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;

/** Which attachment content an erased learner's statements alone name, read on a private ClickHouse 18.16. */
class StatementAttachmentsTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final String TENANT = "school-attach";

  @BeforeAll
  static void statementsWithAndWithoutAttachments() {
    insert(TENANT, "ana-1", "ana", "\"attachments\": [{\"usageType\": \"u\", \"sha2\": \"AA11\"}, {\"sha2\":\"cc33\"},"
        + " {\"sha2\":\"ee55\"}]");
    insertLate("ana-late", "ana", "\"attachments\":[{\"sha2\":\"dd44\"}]");
    insertLate("ben-late", "ben", "\"attachments\":[{\"sha2\":\"ee55\"}]");
    insert(TENANT, "ana-2", "ana", "\"result\":{\"response\":\"no attachment here\"}");
    insert(TENANT, "dee-1", "dee", "\"result\":{\"response\":\"none here either\"}");
    insert(TENANT, "ben-1", "ben", "\"attachments\":[{\"sha2\":\"bb22\"},{\"sha2\":\"cc33\"}]");
    insert("school-other", "cleo-1", "cleo", "\"attachments\":[{\"sha2\":\"aa11\"}]");
  }

  @Test
  void contentOnlyTheLearnersStatementsNameIsTheirsInLowerCaseAndContentAnotherStatementNamesStays() {
    assertThat(onlyNamedBy(List.of("ana"), List.of())).as("cc33 and ee55 (in a late statement) are Ben's too; aa11 "
        + "of another school is that school's own content; dd44 is in Ana's late statement").containsExactly("aa11",
            "dd44");
  }

  @Test
  void statementsWithoutAttachmentsNameNone() {
    assertThat(onlyNamedBy(List.of("dee"), List.of())).isEmpty();
    assertThat(onlyNamedBy(List.of(), List.of("ana-2"))).isEmpty();
    assertThat(onlyNamedBy(List.of(), List.of())).isEmpty();
  }

  @Test
  void whenEveryStatementNamingTheContentGoesTheContentGoesAnotherActorsStatementsByTheirIds() {
    assertThat(onlyNamedBy(List.of("ana"), List.of("ben-1", "ben-late")))
        .containsExactly("aa11", "bb22", "cc33", "dd44", "ee55");
  }

  private static java.util.Set<String> onlyNamedBy(List<String> learners, List<String> othersStatements) {
    return StatementAttachments.onlyNamedBy(SchoolDatabase.Sql.of(CLICKHOUSE.client()), CLICKHOUSE.database(), TENANT,
        learners, othersStatements);
  }

  private static void insertLate(String statement, String learner, String member) {
    insertInto("late_events", ", arrived_at", ", 1700000000", TENANT, statement, learner, member);
  }

  private static void insert(String tenant, String statement, String learner, String member) {
    insertInto("learning_events", "", "", tenant, statement, learner, member);
  }

  /** One event row whose statement names {@code member}; late_events has learning_events' columns and its arrival. */
  private static void insertInto(String table, String ownColumn, String ownValue, String tenant, String statement,
      String learner, String member) {
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table(table)
        + " (statement_id, tenant, learner, kind, verb, object_id, object_type, skills, timestamp, timestamp_ms,"
        + " stored, stored_ms, statement_json" + ownColumn + ") VALUES (" + ClickHouseQueries.quote(statement) + ", "
        + ClickHouseQueries.quote(tenant) + ", " + ClickHouseQueries.quote(learner) + ", 'RESPONSE', 'v', 'o', "
        + "'Activity', [], 1700000000, 1700000000000, 1700000000, 1700000000000, "
        + ClickHouseQueries.quote("{\"actor\":{\"mbox\":\"mailto:" + learner + "@example.org\"}," + member + "}")
        + ownValue + ")");
  }
}
