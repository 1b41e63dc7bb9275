package org.learnstream.jobs.settings;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.learnstream.jobs.config.OptionCheck;

/** Typed settings of {@code bench statements}, each with its default and its range; its flags override them. */
public final class StatementsBenchOptions {

  public static final ConfigOption<Long> STATEMENTS = ConfigOptions.key("bench.statements.count")
      .longType().defaultValue(10_000_000L)
      .withDescription("Statements of one tenant loaded into learning_events before the reads are timed.");

  public static final OptionCheck<Long> STATEMENTS_RANGE = OptionCheck.between(STATEMENTS, 1_000L, 1_000_000_000L);

  public static final ConfigOption<Integer> RUNS = ConfigOptions.key("bench.statements.runs")
      .intType().defaultValue(20)
      .withDescription("Measured runs per query shape (after one warm-up).");

  public static final OptionCheck<Integer> RUNS_RANGE = OptionCheck.between(RUNS, 1, 1000);

  public static final ConfigOption<Duration> TARGET = ConfigOptions.key("bench.statements.target")
      .durationType().defaultValue(Duration.ofMillis(200))
      .withDescription("Median latency a query shape should stay under; shapes above it are flagged.");

  public static final OptionCheck<Duration> TARGET_RANGE = OptionCheck.between(TARGET, Duration.ofMillis(1),
      Duration.ofMinutes(10));

  public static final ConfigOption<String> DATABASE = ConfigOptions.key("bench.statements.database")
      .stringType().defaultValue("learnstream_bench_statements")
      .withDescription("ClickHouse database the statements are loaded into (never the pipeline's).");

  public static final OptionCheck<String> DATABASE_FORM = OptionCheck.notBlank(DATABASE);

  private StatementsBenchOptions() {
  }
}
