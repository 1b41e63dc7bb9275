package org.learnstream.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.pipeline.TestPipelineRuns;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;
import org.learnstream.jobs.testing.EndToEndTestBase;
import org.learnstream.pipeline.clickhouse.TableContents;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.CohortSpec;

/**
 * A replay checks before it swaps: an empty log, a log whose first records are gone and rebuilt tables with fewer
 * events are refused with the reason, and the live tables stay exactly as they were. The live job runs once; then
 * the first record of partition 0 of its event log is deleted, as retention would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayRefusalITCase extends EndToEndTestBase {

  private static Configuration config;
  private static Map<String, List<String>> live;
  private static String backup;

  @BeforeAll
  static void runLiveThenDeleteTheFirstRecord() throws Exception {
    CohortSpec spec = CohortSpec.demo().withSeed(11).withLearners(10).withDays(2);
    List<Keyed> statements = new CohortSimulator(spec).statements().map(s -> new Keyed(s.actorKey(), s.json()))
        .toList();
    String prefix = TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "f");
    config = TestPipelineRuns.runBoundedOn(KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), prefix, statements,
        settings -> {
        });
    live = TableContents.of(CLICKHOUSE.client(), CLICKHOUSE.database());
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      admin
          .deleteRecords(
              Map.of(new TopicPartition(prefix + Topics.LEARNING_EVENTS, 0), RecordsToDelete.beforeOffset(1)))
          .all().get();
    }
  }

  @AfterAll
  static void dropBackup() {
    if (backup != null) {
      ClickHouseQueries.execute(CLICKHOUSE.client(), "DROP DATABASE IF EXISTS " + backup);
    }
  }

  @Test
  @Order(1)
  void anEmptyLogIsRefusedNamingEachPartitionAndItsOffsets() {
    Configuration empty = new Configuration(config);
    empty.set(PipelineOptions.TOPIC_PREFIX, TestPipelineRuns.freshTopics(KAFKA.bootstrapServers(), "e"));
    assertRefusedChangingNothing(empty, Replay.Allowances.NONE, "holds no records",
        "partition 0 offsets 0..0, partition 1 offsets 0..0");
  }

  @Test
  @Order(2)
  void aLogThatNoLongerStartsAtOffsetZeroIsRefusedNamingThePartition() {
    Replay.Refused refused = assertRefusedChangingNothing(config, Replay.Allowances.NONE,
        "no longer starts at offset 0: partition 0 offsets 1..", "--accept-partial-log");
    assertThat(refused).hasMessageNotContaining("partition 1");
  }

  @Test
  @Order(3)
  void aPartialLogAcceptedStillRefusesTablesWithFewerEventsAndReportsTheRows() {
    Replay.Refused refused = assertRefusedChangingNothing(config, new Replay.Allowances(true, false),
        "fewer than the " + live.get("learning_events").size(), "--allow-fewer-events");
    Replay.TableRows events = refused.tables().get(0);
    assertThat(events.table()).isEqualTo("learning_events");
    assertThat(events.before()).isEqualTo(live.get("learning_events").size());
    assertThat(events.after()).isEqualTo(events.before() - 1);
  }

  @Test
  @Order(4)
  void withBothAllowancesTheRebuiltTablesAreSwappedInWithoutTheDeletedEvent() throws Exception {
    Replay.Result result = replay(config, new Replay.Allowances(true, true));
    backup = result.backupDatabase();
    assertThat(result.tables().get(0).after()).isEqualTo(live.get("learning_events").size() - 1);
    assertThat(ClickHouseQueries.countFinal(CLICKHOUSE.client(), CLICKHOUSE.database() + ".learning_events"))
        .isEqualTo(live.get("learning_events").size() - 1);
  }

  private static Replay.Result replay(Configuration settings, Replay.Allowances allowances) throws Exception {
    return Replay.run(settings, KAFKA.bootstrapServers(), CLICKHOUSE.endpoint(), CLICKHOUSE.client(), allowances,
        Replay.Progress.SILENT);
  }

  /** The replay is refused with a message holding every fragment, and "Nothing was changed" holds. */
  private static Replay.Refused assertRefusedChangingNothing(Configuration settings, Replay.Allowances allowances,
      String... fragments) {
    Throwable thrown = catchThrowable(() -> replay(settings, allowances));
    assertThat(thrown).isInstanceOf(Replay.Refused.class).hasMessageContaining("Nothing was changed");
    for (String fragment : fragments) {
      assertThat(thrown).hasMessageContaining(fragment);
    }
    assertLiveTablesUntouched();
    return (Replay.Refused) thrown;
  }

  /** The same rows in every table, and neither a rebuild nor a backup database left behind. */
  private static void assertLiveTablesUntouched() {
    assertThat(TableContents.of(CLICKHOUSE.client(), CLICKHOUSE.database())).isEqualTo(live);
    String databases = ClickHouseQueries.text(CLICKHOUSE.client(),
        "SELECT name FROM system.databases FORMAT TabSeparated");
    assertThat(Arrays.stream(databases.split("\n")))
        .noneMatch(name -> name.startsWith(CLICKHOUSE.database() + "_rebuild_"))
        .noneMatch(name -> name.startsWith(CLICKHOUSE.database() + "_before_replay_"));
  }
}
