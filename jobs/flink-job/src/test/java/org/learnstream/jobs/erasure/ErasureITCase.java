package org.learnstream.jobs.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.pipeline.TestPipelineRuns;
import org.learnstream.jobs.testing.EndToEndTestBase;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.ErasureReceipts;
import org.learnstream.pipeline.clickhouse.LearnerErasure;
import org.learnstream.pipeline.clickhouse.LearnerScan;
import org.learnstream.pipeline.clickhouse.SchoolDatabase;
import org.learnstream.pipeline.clickhouse.TableContents;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.CohortSpec;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.Pseudonymizer;

/**
 * A cohort streamed through the real broker, the job on Flink's MiniCluster and ClickHouse (with the school's own
 * database), plus a refused statement of one learner; that learner is then erased by e-mail address. Every ClickHouse
 * table, every column as text, holds neither their pseudonym, e-mail address nor name, and every other learner's
 * mastery rows are as they were.
 */
class ErasureITCase extends EndToEndTestBase {

  private static final String TENANT = "erase-it";
  private static final int ERASED = 3;

  private static CohortSimulator cohort;
  private static String pseudonym;
  private static List<List<String>> traces;
  private static LearnerScan.Result before;
  private static List<String> othersMasteryBefore;
  private static ErasureReceipts.Receipt receipt;
  private static LearnerScan.Result after;
  private static List<String> othersMasteryAfter;

  @BeforeAll
  static void streamACohortThenEraseOneLearner() throws Exception {
    cohort = new CohortSimulator(CohortSpec.demo().withTenant(TENANT).withSeed(11).withLearners(10).withDays(2)
        .withSections(2));
    new SchoolDatabase(CLICKHOUSE.client(), CLICKHOUSE.database(), TENANT).create();
    List<Keyed> statements = new ArrayList<>(cohort.statements().map(s -> new Keyed(s.actorKey(), s.json())).toList());
    statements.add(refusedStatementOf(statements));
    String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "e");
    TestPipelineRuns.runBoundedOn(KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), prefix, statements, settings -> {
    });
    ActorIdentifier identifier = ActorIdentifier.mbox("mailto:" + cohort.email(ERASED));
    pseudonym = Pseudonymizer.unkeyed().learnerId(TENANT, identifier.canonical());
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("learner_directory")
        + " (tenant, learner, display_name, updated_at) VALUES ('" + TENANT + "', '" + pseudonym + "', "
        + ClickHouseQueries.quote(cohort.displayName(ERASED)) + ", 1700000000)");
    traces = List.of(List.of(pseudonym), List.of(cohort.email(ERASED)), List.of(cohort.displayName(ERASED)));
    LearnerErasure erasure = new LearnerErasure(CLICKHOUSE.client(), CLICKHOUSE.database(), Pseudonymizer.unkeyed(),
        Duration.ofMinutes(5));
    List<String> databases = erasure.databases(TENANT);
    before = LearnerScan.scan(SchoolDatabase.Sql.of(CLICKHOUSE.client()), databases, traces);
    othersMasteryBefore = othersMastery();

    receipt = erasure.execute(erasure.plan(new LearnerErasure.Learner(TENANT, pseudonym, Optional.of(identifier))),
        Instant.now(), "test", LearnerErasure.Listener.NONE);

    after = LearnerScan.scan(SchoolDatabase.Sql.of(CLICKHOUSE.client()), databases, traces);
    othersMasteryAfter = othersMastery();
  }

  @AfterAll
  static void dropTheSchoolDatabase() {
    ClickHouseQueries.execute(CLICKHOUSE.client(), "DROP DATABASE IF EXISTS " + SchoolDatabase.databaseOf(TENANT));
  }

  @Test
  void noTableMentionsTheLearnersPseudonymEmailOrNameAnyMore() {
    assertThat(before.occurrences()).as("where the learner was before the erasure")
        .containsKeys(CLICKHOUSE.table("learning_events"), CLICKHOUSE.table("mastery_updates"),
            CLICKHOUSE.table("dead_letters"), CLICKHOUSE.table("statement_timeline"),
            SchoolDatabase.databaseOf(TENANT) + ".learning_events");
    assertThat(after.occurrences()).isEmpty();
    assertThat(after.tablesScanned()).isEqualTo(before.tablesScanned()).isGreaterThan(30);
    assertThat(receipt.verified()).isTrue();
    assertThat(receipt.rowsRemoved().get(CLICKHOUSE.table("dead_letters"))).isEqualTo(1L);
  }

  @Test
  void everyOtherLearnersMasteryRowsAreUnchanged() {
    assertThat(othersMasteryBefore).hasSizeGreaterThan(50);
    assertThat(othersMasteryAfter).isEqualTo(othersMasteryBefore);
  }

  private static List<String> othersMastery() {
    List<String> rows = new ArrayList<>();
    for (String table : List.of("mastery_updates", "mastery_current")) {
      rows.addAll(TableContents.rows(CLICKHOUSE.client(), CLICKHOUSE.database(), table, " WHERE learner != '"
          + pseudonym + "'", Set.of()));
    }
    return rows;
  }

  /** One of the learner's statements without its verb: refused, it lands in the dead letters with the actor. */
  private static Keyed refusedStatementOf(List<Keyed> statements) throws java.io.IOException {
    Keyed own = statements.stream().filter(k -> k.key().equals(cohort.actorKey(ERASED))).findFirst()
        .orElseThrow();
    ObjectNode statement = (ObjectNode) new ObjectMapper().readTree(own.json());
    statement.remove("verb");
    statement.put("id", UUID.nameUUIDFromBytes(own.json()).toString());
    return new Keyed(own.key(), new ObjectMapper().writeValueAsBytes(statement));
  }
}
