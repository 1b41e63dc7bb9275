package org.learnstream.jobs.chaos;

import java.nio.file.Path;
import java.time.Duration;
import org.learnstream.pipeline.simulate.CohortSpec;

/**
 * How hard the chaos suite pushes: the seeded cohort streamed in each scenario, its pace, how many job kills and how
 * long the ClickHouse outage lasts. {@link #quick} streams for about 30 s, so that the quick suite's scenarios and
 * the clean run fit in a few minutes of CI.
 */
public record ChaosSettings(long seed, int learners, int skills, int days, int statementsPerSecond, int jobKills,
    Duration clickHouseOutage, String stateBackend, Path workDir) {

  public static final String TENANT = "chaos";

  /**
   * Watermark delay of the chaos runs, longer than the cohort's span: watermarks are generated per subtask after
   * normalisation, so with the default 30 s which responses count as late depends on how the partitions of a
   * backlog interleave, which no replay reproduces (nor a clean run). With this bound nothing is late, mastery is
   * buffered in state until the flush statements arrive, and every run must give identical updates. The same
   * value is the idleness timeout: a subtask slow to get its splits must not be skipped by the watermark.
   */
  public static final Duration OUT_OF_ORDERNESS = Duration.ofDays(60);

  /**
   * Learners of the demo cohort that {@code chaos --cluster --quick} streams through the cluster: the demo's cohort
   * (its 14 days, 10 skills, seed) for 25 learners instead of 200 is 6,591 statements, about the size of the quick
   * cohort, so that CI's cluster step takes minutes; the demo's 200 learners (54,576 statements) take several times
   * as long on each engine.
   */
  public static final int QUICK_DEMO_LEARNERS = 25;

  public static ChaosSettings full(Path workDir) {
    return new ChaosSettings(20261122L, 60, 8, 10, 150, 3, Duration.ofSeconds(60), "rocksdb", workDir);
  }

  public static ChaosSettings quick(Path workDir) {
    return new ChaosSettings(20261122L, 40, 6, 6, 200, 2, Duration.ofSeconds(15), "hashmap", workDir);
  }

  public ChaosSettings withSeed(long newSeed) {
    return new ChaosSettings(newSeed, learners, skills, days, statementsPerSecond, jobKills, clickHouseOutage,
        stateBackend, workDir);
  }

  public ChaosSettings withStatementsPerSecond(int pace) {
    return new ChaosSettings(seed, learners, skills, days, pace, jobKills, clickHouseOutage, stateBackend, workDir);
  }

  public ChaosSettings withStateBackend(String backend) {
    return new ChaosSettings(seed, learners, skills, days, statementsPerSecond, jobKills, clickHouseOutage, backend,
        workDir);
  }

  /** The cohort every scenario streams: the same seed gives byte-identical statements. */
  public CohortSpec cohort() {
    return CohortSpec.of(seed, TENANT, learners, skills, days);
  }

  /**
   * A small cohort long after the main one (starting on a Monday, 14 weeks later: a school day), whose first
   * statement pushes the watermark past every real statement. It must lie in the past: the broker refuses record
   * timestamps more than an hour ahead of its clock.
   */
  public CohortSpec flushCohort() {
    return CohortSpec.of(seed, TENANT + "-flush", 3, 1, 5)
        .withStart(CohortSpec.DEMO_START.plus(Duration.ofDays(7L * 14)));
  }
}
