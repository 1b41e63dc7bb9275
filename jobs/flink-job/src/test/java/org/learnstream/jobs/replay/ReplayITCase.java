package org.learnstream.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.pipeline.TestPipelineRuns;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;
import org.learnstream.jobs.testing.EndToEndTestBase;
import org.learnstream.pipeline.clickhouse.TableContents;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.ProjectionTables;
import org.learnstream.pipeline.clickhouse.ProjectionTables.Projection;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.CohortSpec;

/**
 * The live pipeline over a simulated cohort, then a replay of its event log: every table of the database holds
 * what the live job left in it, row for row, the rebuilt ones are new tables (the old ones sit in the backup
 * database), and statements streamed after the replay reach every rebuilt table: the live database's views feed
 * the swapped-in tables, not the replaced ones.
 */
class ReplayITCase extends EndToEndTestBase {

  private static final String AFTER_REPLAY = "after-replay";

  private static Replay.Result replay;
  private static Map<String, List<String>> beforeReplay;
  private static Map<String, List<String>> afterReplay;
  private static final List<Long> progress = new ArrayList<>();

  @BeforeAll
  static void runLiveThenReplay() throws Exception {
    CohortSpec spec = CohortSpec.demo().withSeed(7).withLearners(30).withDays(3).withSections(2);
    List<Keyed> statements = withReference(new CohortSimulator(spec).statements()
        .map(s -> new Keyed(s.actorKey(), s.json())).toList());
    String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "r");
    Configuration config = TestPipelineRuns.runBoundedOn(KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), prefix,
        statements, settings -> {
        });
    beforeReplay = TableContents.of(CLICKHOUSE.client(), CLICKHOUSE.database());

    replay = Replay.run(config, KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), CLICKHOUSE.client(),
        new Replay.Progress() {
          @Override
          public void started(String rebuildDatabase, long recordsInLog) {
            progress.add(recordsInLog);
          }

          @Override
          public void written(long eventRows) {
            progress.add(eventRows);
          }
        });
    afterReplay = TableContents.of(CLICKHOUSE.client(), CLICKHOUSE.database());

    // the pipeline started again after the replay, as an operator does, on statements of another tenant
    List<Keyed> later = withReference(new CohortSimulator(spec.withTenant(AFTER_REPLAY).withSeed(8).withLearners(6)
        .withDays(1)).statements().map(s -> new Keyed(s.actorKey(), s.json())).toList());
    TestPipelineRuns.runBoundedOn(KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), prefix, later, settings -> {
    });
  }

  @AfterAll
  static void dropBackup() {
    if (replay != null) {
      ClickHouseQueries.execute(CLICKHOUSE.client(), "DROP DATABASE IF EXISTS " + replay.backupDatabase());
    }
  }

  @Test
  void everyTableOfTheDatabaseHoldsWhatTheLiveJobLeftRowForRow() {
    assertThat(afterReplay.keySet()).containsExactlyElementsOf(beforeReplay.keySet());
    for (String table : beforeReplay.keySet()) {
      assertThat(afterReplay.get(table)).as("%s after the replay", table).isEqualTo(beforeReplay.get(table));
    }
    for (Projection p : ProjectionTables.FROM_EVENT_LOG) {
      assertThat(beforeReplay.get(p.table())).as("rows the live job left in %s", p.table()).isNotEmpty();
    }
  }

  @Test
  void theRebuiltTablesAreNewOnesAndTheReplacedOnesAreKeptInTheBackupDatabase() {
    for (Projection p : ProjectionTables.FROM_EVENT_LOG) {
      assertThat(TableContents.rows(CLICKHOUSE.client(), replay.backupDatabase(), p.table(), "", Set.of()))
          .as("%s in %s", p.table(), replay.backupDatabase()).isEqualTo(beforeReplay.get(p.table()));
    }
    assertThat(replay.tables()).extracting(Replay.TableRows::table)
        .containsExactlyElementsOf(ProjectionTables.FROM_EVENT_LOG.stream().map(Projection::table).toList());
    assertThat(replay.tables()).allSatisfy(t -> assertThat(t.after()).as(t.table()).isEqualTo(t.before()));
  }

  @Test
  void theReplayReadTheWholeLogAndReportedItsProgress() {
    long events = beforeReplay.get("learning_events").size();
    assertThat(replay.eventRows()).isGreaterThanOrEqualTo(events);
    assertThat(replay.recordsInLog()).isGreaterThanOrEqualTo(events);
    assertThat(progress).first().isEqualTo(replay.recordsInLog());
    assertThat(progress).last().isEqualTo(replay.eventRows());
  }

  @Test
  void statementsStreamedAfterTheReplayReachEveryRebuiltTableAndNoneOfTheReplacedOnes() {
    for (Projection p : ProjectionTables.FROM_EVENT_LOG) {
      assertThat(countWhereTenant(CLICKHOUSE.table(p.table()), AFTER_REPLAY)).as("live %s", p.table()).isPositive();
      assertThat(countWhereTenant(replay.backupDatabase() + "." + p.table(), AFTER_REPLAY))
          .as("backup %s", p.table()).isZero();
    }
  }

  /**
   * The statements and one more that refers to the first of them (a StatementRef object with a verb that neither voids
   * nor answers), so that statement_refs has rows to rebuild.
   */
  private static List<Keyed> withReference(List<Keyed> statements) {
    try {
      com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
      com.fasterxml.jackson.databind.JsonNode first = json.readTree(statements.get(0).json());
      com.fasterxml.jackson.databind.node.ObjectNode referring = json.createObjectNode();
      referring.put("id", java.util.UUID.nameUUIDFromBytes(statements.get(0).json()).toString());
      referring.set("actor", first.get("actor"));
      referring.putObject("verb").put("id", "http://adlnet.gov/expapi/verbs/commented");
      referring.putObject("object").put("objectType", "StatementRef").put("id", first.get("id").asText());
      referring.set("timestamp", first.get("timestamp"));
      List<Keyed> out = new ArrayList<>(statements);
      out.add(new Keyed(statements.get(0).key(), json.writeValueAsBytes(referring)));
      return out;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long countWhereTenant(String table, String tenant) {
    return ClickHouseQueries.scalarLong(CLICKHOUSE.client(),
        "SELECT count() FROM " + table + " WHERE tenant = " + ClickHouseQueries.quote(tenant));
  }
}
