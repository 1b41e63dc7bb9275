package org.learnstream.jobs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.learnstream.jobs.replay.ReplayJob;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.mastery.bestlr.BestLrFitter;
import org.learnstream.pipeline.mastery.bestlr.BestLrModelFile;
import org.learnstream.pipeline.simulate.SimulatedStatement;

/**
 * {@code bench pipeline --compare-best-lr}: the event log of the xAPI phase through mastery (as a replay projects
 * it) without and with Best-LR, alternating in one process, so that the machine's other work and the JIT's state
 * weigh on both sides alike. Each round writes into a fresh database; a round with Best-LR must leave Best-LR's
 * model version on its mastery rows and one without must not, so a round that measured the wrong graph fails.
 */
final class BestLrRounds {

  private static final String DATABASE = "bench_best_lr";

  private final PairedRounds paired;
  private final int rounds;

  /** @param rounds rounds of the comparison, each running both sides once */
  BestLrRounds(PairedRounds paired, int rounds) {
    this.paired = paired;
    this.rounds = rounds;
  }

  /** Runs the rounds over the {@code events} in the log of {@code config}'s topics; adds the figures to results. */
  void run(Configuration config, long events, Supplier<Iterator<SimulatedStatement>> statements,
      Map<String, Object> results) throws Exception {
    Path model = model(config, statements);
    paired.run(new BestLrComparison(), rounds, events, DATABASE,
        new PairedRounds.Run() {
          @Override
          public JobClient start(int number, boolean bestLr, String db) throws Exception {
            Configuration round = new Configuration(config);
            if (bestLr) {
              round.set(PipelineOptions.MASTERY_BEST_LR_FILE, model.toString());
            } else {
              round.removeConfig(PipelineOptions.MASTERY_BEST_LR_FILE);
            }
            StreamExecutionEnvironment env = PipelineBench.environment(round);
            ReplayJob.projectLog(env, round, paired.runtime().kafkaBootstrap(),
                paired.runtime().clickHouse().withDatabase(db),
                config.get(PipelineOptions.TOPIC_PREFIX) + "best-lr-round-" + number + (bestLr ? "-with" : "-without"));
            return env.executeAsync("bench best-lr round " + number + (bestLr ? " with" : " without"));
          }

          @Override
          public List<String> sideWords() {
            return List.of("without", "with"); // "without" first: it holds "with"
          }

          @Override
          public void check(int number, boolean bestLr, String db) {
            long withModel = ClickHouseQueries.scalarLong(paired.runtime().clickHouseClient(),
                "SELECT count() FROM " + db + ".mastery_updates WHERE best_lr_model_version IS NOT NULL");
            if (bestLr != withModel > 0) {
              throw new IllegalStateException("round " + number + (bestLr ? " with" : " without") + " Best-LR wrote "
                  + withModel + " mastery rows with a Best-LR model version");
            }
          }
        }, "best_lr", results);
    results.put("best_lr_model_file", model.toString());
  }

  /** The model of {@code mastery.best-lr-file}, or one fitted on the simulated statements. */
  private Path model(Configuration config, Supplier<Iterator<SimulatedStatement>> statements) throws Exception {
    String configured = config.getOptional(PipelineOptions.MASTERY_BEST_LR_FILE).orElse("");
    if (!configured.isBlank()) {
      paired.out().println("  Best-LR model: " + configured + " (mastery.best-lr-file)");
      return Path.of(configured);
    }
    paired.progress().phase("fitting a Best-LR model on the simulated answers", 1);
    BestLrFitter.FitResult fit = SimulatedBestLrModel.fit(statements.get(), "best-lr/bench");
    Path file = Files.createTempFile("learnstream-bench-best-lr", ".json");
    file.toFile().deleteOnExit();
    BestLrModelFile.write(file, fit.model(), BestLrFitter.Options.DEFAULTS.c(), fit.responses());
    paired.out().printf("  Best-LR model: fitted on %d simulated answers (%d skills, %d items)%n", fit.responses(),
        fit.model().layout().skills().size(), fit.model().layout().items().size());
    return file;
  }
}
