package org.learnstream.jobs.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.replay.ProjectionSwap;
import org.learnstream.jobs.replay.Replay;
import org.learnstream.jobs.runtime.LocalRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Rebuilds the ClickHouse projections from the event log and swaps them in. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Rebuild every ClickHouse projection (learning_events, mastery_updates, mastery_current,",
        "skill_daily, learner_daily) from learning.events, earliest offset to the end as it is now, into a fresh",
        "database, then rename the rebuilt tables into place. The replaced tables are kept in",
        "<database>_before_replay_<time>. Stop the live pipeline first: rows it writes during the rebuild",
        "are not in the rebuilt tables. Uses kafka.bootstrap-servers and clickhouse.url when set, else the",
        "embedded services over runtime.data-dir."})
final class ReplayCommand implements Callable<Integer> {

  @Mixin
  ConfigMixin config;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    Configuration settings = config.load();
    try (LocalRuntime runtime = LocalRuntime.start(settings, line -> out.println("  " + line))) {
      ProgressBar[] bar = new ProgressBar[1];
      Replay.Result result;
      try {
        result = Replay.run(settings, runtime.kafkaBootstrap(), runtime.clickHouse(), runtime.clickHouseClient(),
            new Replay.Progress() {
              @Override
              public void started(String rebuildDatabase, long recordsInLog) {
                out.println("Rebuilding into " + rebuildDatabase + " from " + recordsInLog + " log offsets");
                bar[0] = new ProgressBarBuilder().setTaskName("learning.events -> ClickHouse")
                    .setInitialMax(recordsInLog).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .continuousUpdate().setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
              }

              @Override
              public void written(long eventRows) {
                bar[0].stepTo(eventRows);
              }
            });
      } finally {
        if (bar[0] != null) {
          bar[0].close();
        }
      }
      double seconds = result.took().toMillis() / 1000.0;
      out.printf("Replayed %d events in %.1f s (%.0f events/s); swapped in %s.%n", result.eventRows(), seconds,
          result.eventRows() / Math.max(seconds, 0.001), String.join(", ", ProjectionSwap.REBUILT_TABLES));
      out.println("The replaced tables are in " + result.backupDatabase() + "; once satisfied: DROP DATABASE "
          + result.backupDatabase());
    }
    return 0;
  }
}
