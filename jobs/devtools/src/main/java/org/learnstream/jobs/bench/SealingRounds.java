package org.learnstream.jobs.bench;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.learnstream.jobs.pipeline.PipelineJob;
import org.learnstream.jobs.settings.DocumentOptions;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.simulate.SimulatedStatement;
import org.learnstream.pipeline.simulate.StatementProducer;

/**
 * {@code bench pipeline --compare-sealing}: the whole job (normalise, deduplicate, mastery, ClickHouse) over the xAPI
 * phase's statements in the clear and over the same statements sealed as the endpoint seals them, alternating in one
 * process. The sealed copy is written before the first round, so the rounds measure the job, not the sealing. The
 * sealed side runs with the settings of a job on these services, whose learner records are the documents database of
 * the data directory; the clear side without a records database, as a job without encryption runs (learners named by
 * the HMAC of their identifier, nothing opened or sealed), so the difference is the whole cost of encryption. A sealed
 * round must leave no dead letter of a statement that did not open.
 */
final class SealingRounds {

  /** The target of issue 15: encryption costs the pipeline at most 10 % of its throughput. */
  static final PairedComparison.Sides SIDES = new PairedComparison.Sides("clear", "sealed", 0.10, 0.90);

  private static final String DATABASE = "bench_sealing";

  private final PairedRounds paired;
  private final int rounds;

  /** @param rounds rounds of the comparison, each running both sides once */
  SealingRounds(PairedRounds paired, int rounds) {
    this.paired = paired;
    this.rounds = rounds;
  }

  /**
   * Seals the {@code statementCount} {@code statements} (those of {@code clear}'s topics) under topics of their own,
   * then runs the rounds over the {@code events} they make; adds the figures to results.
   */
  void run(Configuration clear, long statementCount, long events, Supplier<Iterator<SimulatedStatement>> statements,
      Map<String, Object> results) throws Exception {
    Configuration sealedSide = paired.runtime().pipelineSettings(clear);
    Configuration clearSide = new Configuration(sealedSide);
    clearSide.removeConfig(RuntimeOptions.DATA_DIR);
    clearSide.removeConfig(DocumentOptions.URL);
    String sealedPrefix = clear.get(PipelineOptions.TOPIC_PREFIX) + "sealed.";
    sealedSide.set(PipelineOptions.TOPIC_PREFIX, sealedPrefix);
    PipelineBench.ensureTopics(paired.runtime(), sealedPrefix);
    long sealed = seal(sealedSide, statementCount, statements);
    results.put("sealing_statements_sealed", sealed);
    paired.run(new PairedComparison(SIDES), rounds, events, DATABASE,
        new PairedRounds.Run() {
          @Override
          public JobClient start(int number, boolean sealedRound, String db) throws Exception {
            Configuration round = new Configuration(sealedRound ? sealedSide : clearSide);
            String name = "sealing-round-" + number + (sealedRound ? "-sealed" : "-clear");
            round.set(PipelineOptions.CONSUMER_GROUP, round.get(PipelineOptions.TOPIC_PREFIX) + name);
            round.set(PipelineOptions.TRANSACTIONAL_ID_PREFIX, round.get(PipelineOptions.TOPIC_PREFIX) + name);
            StreamExecutionEnvironment env = PipelineBench.environment(round);
            PipelineJob.wire(env, round, paired.runtime().kafkaBootstrap(),
                paired.runtime().clickHouse().withDatabase(db), true);
            return env.executeAsync("bench " + name);
          }

          @Override
          public List<String> sideWords() {
            return List.of(SIDES.baseline(), SIDES.treated());
          }

          @Override
          public void check(int number, boolean sealedRound, String db) {
            long unopened = ClickHouseQueries.scalarLong(paired.runtime().clickHouseClient(),
                "SELECT count() FROM " + db + ".dead_letters WHERE rule LIKE 'sealed.%'");
            if (unopened > 0) {
              throw new IllegalStateException("round " + number + " (" + SIDES.name(sealedRound) + ") left "
                  + unopened + " dead letters of statements that did not open");
            }
          }
        }, "sealing", results);
  }

  /** The statements sealed as the endpoint seals them, on the sealed side's statements topic. */
  private long seal(Configuration sealedSide, long count, Supplier<Iterator<SimulatedStatement>> statements)
      throws Exception {
    paired.progress().phase("the same statements sealed as the endpoint seals them -> Kafka (unmeasured)", count);
    long t0 = System.nanoTime();
    long sealed;
    try (StatementProducer producer = new StatementProducer(paired.runtime().kafkaBootstrap(),
        PipelineJob.topic(sealedSide, Topics.XAPI_STATEMENTS))) {
      sealed = SealedInput.write(sealedSide, paired.runtime().dataDir(), statements.get(), producer,
          paired.progress()::step);
    }
    paired.out().printf("  sealed %d statements under their learners' records in %.1f s (not measured)%n", sealed,
        (System.nanoTime() - t0) / 1e9);
    return sealed;
  }
}
