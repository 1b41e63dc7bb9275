package org.learnstream.jobs.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.replay.Replay;
import org.learnstream.jobs.replay.Replay.TableRows;
import org.learnstream.jobs.runtime.LocalRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Rebuilds the ClickHouse projections from the event log and swaps them in. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Rebuild every projection of learning.events (learning_events, mastery_updates and the "
        + "tables their materialized views keep) from the earliest offset to the end as it is now, into a "
        + "fresh database, then rename the rebuilt tables into place.",
        "The replaced tables are kept in <database>_before_replay_<time>. Refuses, changing nothing and "
            + "exiting with 1, when the log is empty, when a partition no longer starts at offset 0, or when "
            + "the rebuilt tables hold fewer events than the live ones. Stop the live pipeline first: rows it "
            + "writes during the rebuild are not in the rebuilt tables. Uses kafka.bootstrap-servers and "
            + "clickhouse.url when set, else the embedded services over runtime.data-dir."})
final class ReplayCommand implements Callable<Integer> {

  @Mixin
  ConfigMixin config;

  @Option(names = "--accept-partial-log",
      description = "Rebuild even when a partition of learning.events no longer starts at offset 0 (its first "
          + "records were deleted): the rebuilt tables lack those events.")
  boolean acceptPartialLog;

  @Option(names = "--allow-fewer-events",
      description = "Swap the rebuilt tables in even when they hold fewer events than the live ones.")
  boolean allowFewerEvents;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    Configuration settings = config.load();
    Reachability.requireServicesOf(settings);
    try (LocalRuntime runtime = LocalRuntime.start(settings, line -> out.println("  " + line))) {
      ProgressBar[] bar = new ProgressBar[1];
      Replay.Result result;
      try {
        result = Replay.run(runtime.pipelineSettings(settings), runtime.kafkaBootstrap(), runtime.clickHouse(),
            runtime.clickHouseClient(),
            new Replay.Allowances(acceptPartialLog, allowFewerEvents), new Replay.Progress() {
              @Override
              public void started(String rebuildDatabase, long recordsInLog) {
                out.println("Rebuilding into " + rebuildDatabase + " from " + recordsInLog + " log offsets");
                bar[0] = Progress.bar("learning.events -> ClickHouse", recordsInLog);
              }

              @Override
              public void written(long eventRows) {
                bar[0].stepTo(eventRows);
              }
            });
      } catch (Replay.Refused refused) {
        closeBar(bar); // before the table, which it would otherwise overwrite
        printRows(refused.tables(), "rebuilt, not swapped in");
        System.err.println("learnstream replay: refused: " + refused.getMessage());
        return 1;
      } finally {
        closeBar(bar);
      }
      double seconds = result.took().toMillis() / 1000.0;
      printRows(result.tables(), "rebuilt, now live");
      out.printf("Replayed %d events in %.1f s (%.0f events/s); swapped in %d tables.%n", result.eventRows(), seconds,
          result.eventRows() / Math.max(seconds, 0.001), result.tables().size());
      out.println("The replaced tables are in " + result.backupDatabase() + "; once satisfied: DROP DATABASE "
          + result.backupDatabase());
    }
    return 0;
  }

  /** Rows (after FINAL) of each rebuilt table in the live database before the replay and in the rebuilt one. */
  private void printRows(List<TableRows> tables, String afterLabel) {
    if (tables.isEmpty()) {
      return;
    }
    List<Map<String, Object>> rows = tables.stream().<Map<String, Object>>map(t -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("table", t.table());
      row.put("rows before", t.before());
      row.put("rows " + afterLabel, t.after());
      return row;
    }).toList();
    out.print(TextTable.of(rows));
  }

  private static void closeBar(ProgressBar[] bar) {
    if (bar[0] != null) {
      bar[0].close();
      bar[0] = null;
    }
  }
}
